package output

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/epiclabs-io/diff3"
	"gopkg.in/yaml.v3"
)

// Three-way merge of a file edited by hand with its new render: the base
// is what unpress last wrote there (kept in the base store), "mine" the
// file as the person left it, "theirs" what unpress renders now. The
// front matter merges field by field (a field the person changed stays
// theirs, the others take the new values); the body merges line by line
// with diff3. Only a region both changed differently is a conflict.

// merged is the outcome of a three-way merge.
type merged struct {
	data []byte
	// conflicts name each field or body hunk both sides changed
	// differently; data then holds conflict markers.
	conflicts []string
}

// Conflict markers, as git writes them, so that editors and merge tools
// know them.
const (
	markMine   = "<<<<<<< edited by hand"
	markSep    = "======="
	markTheirs = ">>>>>>> unpress"
)

// mergeThree merges mine and theirs, both changed from base.
func mergeThree(base, mine, theirs []byte) merged {
	bFM, bBody, bok := cutFrontMatter(base)
	mFM, mBody, mok := cutFrontMatter(mine)
	tFM, tBody, tok := cutFrontMatter(theirs)
	var out merged
	var fm []byte
	switch {
	case bok && mok && tok:
		var names []string
		fm, names = mergeFrontMatter(bFM, mFM, tFM)
		out.conflicts = append(out.conflicts, names...)
	default:
		// A side without front matter (the person removed it): the
		// whole file merges as text.
		bBody, mBody, tBody = base, mine, theirs
	}
	body, hunks := mergeLines(bBody, mBody, tBody)
	out.conflicts = append(out.conflicts, hunks...)
	if fm != nil {
		out.data = append(append(append([]byte("---\n"), fm...), "---\n"...), body...)
	} else {
		out.data = body
	}
	return out
}

// cutFrontMatter splits a file into its YAML front matter (without the
// "---" lines) and its body.
func cutFrontMatter(data []byte) (fm, body []byte, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte("---\n"))
	if !found {
		return nil, data, false
	}
	if bytes.HasPrefix(rest, []byte("---\n")) {
		return []byte{}, rest[4:], true
	}
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		return nil, data, false
	}
	return rest[:i+1], rest[i+5:], true
}

// mergeFrontMatter merges three YAML mappings key by key. The keys come in
// the order of the new render, then the ones only the person has. A key
// both sides changed differently is a conflict: the merged front matter
// keeps the person's value, and the key is named. Front matter that is not
// a mapping on any side is one value: the person's when both changed it.
func mergeFrontMatter(base, mine, theirs []byte) ([]byte, []string) {
	b, errB := fmMapping(base)
	m, errM := fmMapping(mine)
	t, errT := fmMapping(theirs)
	if errB != nil || errM != nil || errT != nil {
		switch {
		case bytes.Equal(mine, base):
			return theirs, nil
		case bytes.Equal(theirs, base), bytes.Equal(mine, theirs):
			return mine, nil
		}
		return mine, []string{"front matter"}
	}
	if !b.changed(m) {
		// The person did not touch it: the new front matter as rendered.
		return theirs, nil
	}
	doc := &yaml.Node{Kind: yaml.MappingNode}
	var conflicts []string
	add := func(k string, v *yaml.Node) {
		if v != nil {
			doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
		}
	}
	for _, k := range t.keys {
		bv, mv, tv := b.vals[k], m.vals[k], t.vals[k]
		switch {
		case sameYAML(mv, bv):
			add(k, tv)
		case sameYAML(tv, bv), sameYAML(mv, tv):
			add(k, mv)
		default:
			add(k, mv)
			doc.Content[len(doc.Content)-2].HeadComment = "conflict: edited by hand; unpress now writes " + k + ": " + inlineYAML(tv)
			conflicts = append(conflicts, "front matter field "+k)
		}
	}
	for _, k := range m.keys {
		if _, inNew := t.vals[k]; inNew {
			continue
		}
		bv, mv := b.vals[k], m.vals[k]
		switch {
		case bv == nil:
			add(k, mv) // the person's own field
		case sameYAML(mv, bv):
			// unpress no longer writes it, and the person left it as it
			// was: it goes.
		default:
			add(k, mv)
			doc.Content[len(doc.Content)-2].HeadComment = "conflict: edited by hand; unpress no longer writes " + k
			conflicts = append(conflicts, "front matter field "+k)
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil || enc.Close() != nil {
		return mine, []string{"front matter"}
	}
	return unescapeAstral(buf.Bytes()), conflicts
}

// inlineYAML is a value as one line of YAML, for a comment.
func inlineYAML(n *yaml.Node) string {
	if n == nil {
		return "(nothing)"
	}
	c := *n
	c.Style = yaml.FlowStyle
	out, err := yaml.Marshal(&c)
	if err != nil {
		return "(a value)"
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// fmFields is a front matter mapping: its keys in order and their values.
type fmFields struct {
	keys []string
	vals map[string]*yaml.Node
}

func fmMapping(data []byte) (*fmFields, error) {
	f := &fmFields{vals: map[string]*yaml.Node{}}
	if len(bytes.TrimSpace(data)) == 0 {
		return f, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("front matter is not a mapping")
	}
	n := doc.Content[0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if _, dup := f.vals[k]; !dup {
			f.keys = append(f.keys, k)
		}
		f.vals[k] = n.Content[i+1]
	}
	return f, nil
}

// changed reports whether other differs from f in any key or value.
func (f *fmFields) changed(other *fmFields) bool {
	if len(f.vals) != len(other.vals) {
		return true
	}
	for k, v := range f.vals {
		if !sameYAML(v, other.vals[k]) {
			return true
		}
	}
	return false
}

// sameYAML reports whether two values read the same (nil is absent).
func sameYAML(a, b *yaml.Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	var x, y any
	if a.Decode(&x) != nil || b.Decode(&y) != nil {
		return false
	}
	return fmt.Sprintf("%#v", x) == fmt.Sprintf("%#v", y)
}

// mergeLines merges three texts line by line with diff3, leaving conflict
// markers around each region both changed differently, and names those
// regions by their lines in the person's version.
func mergeLines(base, mine, theirs []byte) ([]byte, []string) {
	b, m, t := lines(base), lines(mine), lines(theirs)
	var out strings.Builder
	var conflicts []string
	for _, r := range diff3.Diff3Merge(m, b, t, true) {
		if r.Conflict == nil {
			for _, l := range r.Ok {
				out.WriteString(l)
			}
			continue
		}
		c := r.Conflict
		first, last := c.AIndex+1, c.AIndex+len(c.A)
		switch {
		case len(c.A) == 0:
			conflicts = append(conflicts, fmt.Sprintf("body after line %d", c.AIndex))
		case first == last:
			conflicts = append(conflicts, fmt.Sprintf("body line %d", first))
		default:
			conflicts = append(conflicts, fmt.Sprintf("body lines %d-%d", first, last))
		}
		out.WriteString(markMine + "\n")
		writeLines(&out, c.A)
		out.WriteString(markSep + "\n")
		writeLines(&out, c.B)
		out.WriteString(markTheirs + "\n")
	}
	return []byte(out.String()), conflicts
}

// writeLines writes a conflict side, ending it with a newline so that the
// marker after it starts a line.
func writeLines(w *strings.Builder, ls []string) {
	for _, l := range ls {
		w.WriteString(l)
	}
	if n := len(ls); n > 0 && !strings.HasSuffix(ls[n-1], "\n") {
		w.WriteString("\n")
	}
}
