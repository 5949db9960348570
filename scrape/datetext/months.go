package datetext

import (
	"unicode"
	"unicode/utf8"
)

// monthAt reads the word of letters at s[i:] and reports the month it
// names (0 if none) and where the word ends. The word is lower-cased into
// a stack buffer; in a word with Cyrillic letters a Latin 'i' is read as
// Ukrainian 'і' (a common keyboard mix-up: "квiтня").
func monthAt(s string, i int) (month, end int) {
	var buf [32]byte
	n, cyr, latinI := 0, false, false
	j := i
	for j < len(s) {
		r, sz := rune(s[j]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRuneInString(s[j:])
		}
		if !unicode.IsLetter(r) {
			break
		}
		j += sz
		if n < 0 {
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case r >= 0x400 && r <= 0x4ff:
			cyr = true
		case r == 'i':
			latinI = true
			r = 'і' // two bytes, like every Cyrillic letter; undone below if not Cyrillic
		}
		if n+utf8.RuneLen(r) > len(buf) {
			n = -1
			continue
		}
		n += utf8.EncodeRune(buf[n:], r)
	}
	if n < 3 {
		return 0, j
	}
	if latinI && !cyr {
		// Put the Latin 'i's back.
		w := 0
		for k := 0; k < n; {
			if buf[k] == 0xd1 && k+1 < n && buf[k+1] == 0x96 {
				buf[w] = 'i'
				k += 2
			} else {
				buf[w] = buf[k]
				k++
			}
			w++
		}
		n = w
	}
	return monthName(string(buf[:n])), j
}

// monthName maps a lower-case month name or abbreviation (without its
// dot) in English, German, French, Spanish, Italian, Portuguese, Dutch,
// Polish, Finnish, Ukrainian or Russian to 1–12. Polish and Finnish are
// listed with the genitive and partitive forms dates use ("12 marca",
// "12. maaliskuuta").
func monthName(w string) int {
	switch w {
	case "january", "jan", // en, de, fr
		"januar", "jänner", "jaenner", "jän", // de
		"janvier", "janv", // fr
		"enero", "ene", // es
		"січень", "січня", "січ", // uk
		"январь", "января", "янв", // ru
		"gennaio", "gen", // it
		"janeiro",                    // pt
		"januari",                    // nl
		"styczeń", "stycznia", "sty", // pl
		"tammikuu", "tammikuuta", "tammi": // fi
		return 1
	case "february", "feb",
		"februar", "feber",
		"février", "fevrier", "févr", "fevr", "fév", "fev",
		"febrero",
		"лютий", "лютого", "лют",
		"февраль", "февраля", "фев", "февр",
		"febbraio",
		"fevereiro",
		"februari",
		"luty", "lutego", "lut",
		"helmikuu", "helmikuuta", "helmi":
		return 2
	case "march", "mar",
		"märz", "maerz", "marz", "mär", "mrz",
		"mars",
		"marzo",
		"березень", "березня", "бер", "берез",
		"март", "марта", "мар",
		"março", "marco",
		"maart", "mrt",
		"marzec", "marca",
		"maaliskuu", "maaliskuuta", "maalis":
		return 3
	case "april", "apr",
		"avril", "avr",
		"abril", "abr",
		"квітень", "квітня", "кві", "квіт",
		"апрель", "апреля", "апр",
		"aprile",
		"kwiecień", "kwietnia", "kwi",
		"huhtikuu", "huhtikuuta", "huhti":
		return 4
	case "may",
		"mai",
		"mayo",
		"травень", "травня", "тра", "трав",
		"май", "мая",
		"maggio", "mag",
		"maio",
		"mei",
		"maj", "maja",
		"toukokuu", "toukokuuta", "touko":
		return 5
	case "june", "jun",
		"juni",
		"juin",
		"junio",
		"червень", "червня", "чер", "черв",
		"июнь", "июня", "июн",
		"giugno", "giu",
		"junho",
		"czerwiec", "czerwca", "cze",
		"kesäkuu", "kesäkuuta":
		return 6
	case "july", "jul",
		"juli",
		"juillet", "juil",
		"julio",
		"липень", "липня", "лип",
		"июль", "июля", "июл",
		"luglio", "lug",
		"julho",
		"lipiec", "lipca", "lip",
		"heinäkuu", "heinäkuuta":
		return 7
	case "august", "aug",
		"août", "aout",
		"agosto", "ago",
		"серпень", "серпня", "сер", "серп",
		"август", "августа", "авг",
		"augustus",
		"sierpień", "sierpnia", "sie",
		"elokuu", "elokuuta":
		return 8
	case "september", "sep", "sept",
		"septembre",
		"septiembre", "setiembre",
		"вересень", "вересня", "вер",
		"сентябрь", "сентября", "сен", "сент",
		"settembre", "set",
		"setembro",
		"wrzesień", "września", "wrz",
		"syyskuu", "syyskuuta":
		return 9
	case "october", "oct",
		"oktober", "okt",
		"octobre",
		"octubre",
		"жовтень", "жовтня", "жов", "жовт",
		"октябрь", "октября", "окт",
		"ottobre", "ott",
		"outubro", "out",
		"październik", "października", "paź", "paz",
		"lokakuu", "lokakuuta", "loka":
		return 10
	case "november", "nov",
		"novembre",
		"noviembre",
		"листопад", "листопада", "лис", "лист",
		"ноябрь", "ноября", "ноя", "нояб",
		"novembro",
		"listopad", "listopada", "lis",
		"marraskuu", "marraskuuta", "marras":
		return 11
	case "december", "dec",
		"dezember", "dez",
		"décembre", "decembre", "déc",
		"diciembre", "dic",
		"грудень", "грудня", "гру", "груд",
		"декабрь", "декабря", "дек",
		"dicembre",
		"dezembro",
		"grudzień", "grudnia", "gru",
		"joulukuu", "joulukuuta", "joulu":
		return 12
	}
	return 0
}
