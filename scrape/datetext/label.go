package datetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label classifies the words just before a date in visible text as
// "published", "updated" or "": "Updated on", "Last updated:", "Modified",
// "Aktualisiert am", "Mis à jour le", "Actualizado el", "Оновлено",
// "Обновлено" are updates; "Posted on", "Published", "Veröffentlicht am",
// "Publié le", "Publicado el", "Опубліковано", "Опубликовано" are
// publications.
//
// Only the end of prefix counts: the keyword nearest to the date wins
// ("Published 1 May 2021 · Updated on" is an update), and a keyword more
// than a few words away or before the end of a sentence is ignored
// ("Posted by Jane on" still counts). prefix may start in the middle of a
// UTF-8 sequence.
func Label(prefix string) string {
	const maxBytes = 160 // the tail looked at
	const maxGap = 32    // runes allowed between the keyword and the date
	if len(prefix) > maxBytes {
		prefix = prefix[len(prefix)-maxBytes:]
	}
	t := lowerCollapse(prefix)
	best, kind := -1, ""
	for _, k := range &labelWords {
		if e := lastKeyword(t, k.w, k.stem); e > best {
			best, kind = e, k.kind
		}
	}
	if best < 0 {
		return ""
	}
	gap := t[best:]
	if utf8.RuneCountInString(gap) > maxGap || sentenceEnd(gap) {
		return ""
	}
	return kind
}

// LabelAfter classifies the words just after a date the way Label does
// the words before it, for languages that put the verb last: "… wurde am
// 19. Mai 2010 um 23:03 Uhr gepostet", "… op 3 mei 2019 gepubliceerd". Only a
// keyword within a few words of the start of suffix, in the same
// sentence, counts.
func LabelAfter(suffix string) string {
	const maxBytes = 160
	const maxGap = 32
	if len(suffix) > maxBytes {
		suffix = suffix[:maxBytes]
	}
	t := lowerCollapse(suffix)
	best, kind := -1, ""
	for _, k := range &afterWords {
		if i := firstKeyword(t, k.w, k.stem); i >= 0 && (best < 0 || i < best) {
			best, kind = i, k.kind
		}
	}
	if best < 0 {
		return ""
	}
	gap := t[:best]
	if utf8.RuneCountInString(gap) > maxGap || sentenceEnd(gap) {
		return ""
	}
	return kind
}

// afterWords are the participles that end a clause after its date in
// German and Dutch; nouns such as "publication" after a date say nothing
// about it.
var afterWords = [...]labelWord{
	{"aktualisiert", false, updated},
	{"geändert", false, updated},
	{"bijgewerkt", false, updated},
	{"gewijzigd", false, updated},
	{"gepostet", false, published},
	{"veröffentlicht", false, published},
	{"veroeffentlicht", false, published},
	{"publiziert", false, published},
	{"erschienen", false, published},
	{"geschrieben", false, published},
	{"gepubliceerd", false, published},
	{"geplaatst", false, published},
}

type labelWord struct {
	w    string
	stem bool // matches the start of longer words too
	kind string
}

const (
	published = "published"
	updated   = "updated"
)

// labelWords lists the keywords, lower-case. A table read, never written:
// built once, not at every call (it was a tenth of the bytes a page's
// extraction allocated).
var labelWords = [...]labelWord{
	// English
	{"updated", false, updated},
	{"update", false, updated},
	{"modified", false, updated},
	{"revised", false, updated},
	{"edited", false, updated},
	{"posted", false, published},
	{"publish", true, published},
	{"written", false, published},
	{"created", false, published},
	// German
	{"aktualisiert", false, updated},
	{"aktualisierung", false, updated},
	{"geändert", false, updated},
	{"geaendert", false, updated},
	{"überarbeitet", false, updated},
	{"stand", false, updated},
	{"veröffentlich", true, published},
	{"veroeffentlich", true, published},
	{"publiziert", false, published},
	{"erschienen", false, published},
	{"geschrieben", false, published},
	{"gepostet", false, published},
	{"erstellt", false, published},
	// French
	{"mis à jour", false, updated},
	{"mis a jour", false, updated},
	{"mise à jour", false, updated},
	{"mise a jour", false, updated},
	{"modifié", true, updated},
	{"modifie", true, updated},
	{"modification", false, updated},
	{"actualisé", true, updated},
	{"publié", true, published},
	{"publie", true, published},
	{"publication", false, published},
	// Spanish
	{"actualizad", true, updated},
	{"actualización", false, updated},
	{"actualizacion", false, updated},
	{"modificad", true, updated},
	{"modificación", false, updated},
	{"publicad", true, published},
	{"publicación", false, published},
	{"publicacion", false, published},
	// Italian
	{"aggiornat", true, updated},
	{"modificat", true, updated},
	{"pubblicat", true, published},
	// Portuguese ("publicado" is the Spanish stem's)
	{"atualizad", true, updated},
	{"atualização", false, updated},
	// Dutch
	{"bijgewerkt", false, updated},
	{"gewijzigd", false, updated},
	{"gepubliceerd", false, published},
	{"geplaatst", false, published},
	// Polish
	{"zaktualizowan", true, updated},
	{"aktualizacja", false, updated},
	{"opublikowan", true, published},
	{"dodano", false, published},
	// Finnish
	{"päivitetty", false, updated},
	{"muokattu", false, updated},
	{"julkaistu", false, published},
	// Ukrainian
	{"оновл", true, updated},
	{"змінен", true, updated},
	{"відредаговано", false, updated},
	{"редаговано", false, updated},
	{"опублік", true, published},
	{"публікац", true, published},
	{"розміщено", false, published},
	{"додано", false, published},
	// Russian
	{"обновл", true, updated},
	{"изменен", true, updated},
	{"отредактировано", false, updated},
	{"опублик", true, published},
	{"публикац", true, published},
	{"размещено", false, published},
	{"добавлено", false, published},
}

// lowerCollapse lower-cases s and turns each run of white space into one
// ASCII space; invalid UTF-8 is dropped.
func lowerCollapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// lastKeyword returns the end of the last occurrence of w in t that starts
// a word (and, unless stem, ends one), or -1.
func lastKeyword(t, w string, stem bool) int {
	for limit := len(t); limit > 0; {
		i := strings.LastIndex(t[:limit], w)
		if i < 0 {
			return -1
		}
		e := i + len(w)
		if !alnumBefore(t, i) && (stem || !letterAt(t, e)) {
			return e
		}
		limit = i + len(w) - 1
	}
	return -1
}

// firstKeyword returns the start of the first occurrence of w in t that
// starts a word (and, unless stem, ends one), or -1.
func firstKeyword(t, w string, stem bool) int {
	for from := 0; from < len(t); {
		i := strings.Index(t[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		if !alnumBefore(t, i) && (stem || !letterAt(t, i+len(w))) {
			return i
		}
		from = i + 1
	}
	return -1
}

// sentenceEnd reports whether gap ends a sentence: a '!', '?' or ';', or
// a '.' that does not follow a lone letter (an initial, as in
// "Posted by J. Doe on").
func sentenceEnd(gap string) bool {
	if strings.ContainsAny(gap, "!?;") {
		return true
	}
	for i := strings.IndexByte(gap, '.'); i >= 0; {
		r, sz := utf8.DecodeLastRuneInString(gap[:i])
		if !unicode.IsLetter(r) || alnumBefore(gap, i-sz) {
			return true
		}
		next := strings.IndexByte(gap[i+1:], '.')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}
