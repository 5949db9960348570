package wxr

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"slices"
	"strconv"
)

// repair is the tolerant tokenizer: it rewrites one damaged element of an
// export as well-formed XML that means what WordPress's regular-expression
// parser (WXR_Parser_Regex) reads in it, so that the strict decoder can
// read it into the same structure as any other item:
//   - a bare & (not the start of a known entity or character reference) is
//     text: &amp;;
//   - a CDATA section runs to the closing tag of the element it opens in,
//     as the parser's get_tag reads a field: a ]]> inside it is text (the
//     last ]]> before the closing tag ends it), and sections split as
//     ]]]]><![CDATA[> are joined;
//   - a < that starts no tag is text; unquoted attribute values are
//     quoted; closing tags that close nothing are dropped, and elements
//     left open are closed at the end.
func repair(in []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(in) + 64)
	var open []string
	for i := 0; i < len(in); {
		c := in[i]
		switch {
		case c == '<' && bytes.HasPrefix(in[i:], []byte("<![CDATA[")):
			i = repairCDATA(in, i, open, &out)
		case c == '<' && bytes.HasPrefix(in[i:], []byte("<!--")):
			// Comments between fields carry nothing that is read.
			if j := bytes.Index(in[i+4:], []byte("-->")); j >= 0 {
				i += 4 + j + 3
			} else {
				i = len(in)
			}
		case c == '<' && i+1 < len(in) && (in[i+1] == '!' || in[i+1] == '?'):
			if j := bytes.IndexByte(in[i:], '>'); j >= 0 {
				i += j + 1
			} else {
				i = len(in)
			}
		case c == '<' && i+1 < len(in) && in[i+1] == '/':
			name := tagName(in[i+2:])
			i += 2 + len(name)
			if j := bytes.IndexByte(in[i:], '>'); j >= 0 {
				i += j + 1
			} else {
				i = len(in)
			}
			if k := slices.Index(open, name); name != "" && k >= 0 {
				// Close what was left open inside it too.
				for len(open) > k {
					out.WriteString("</" + open[len(open)-1] + ">")
					open = open[:len(open)-1]
				}
			}
		case c == '<' && i+1 < len(in) && isNameByte(in[i+1]):
			name, selfClose, n := repairTag(in[i:], &out)
			i += n
			if !selfClose {
				open = append(open, name)
			}
		case c == '<':
			out.WriteString("&lt;")
			i++
		case c == '&':
			n := refLen(in[i:])
			if n > 0 {
				out.Write(in[i : i+n])
				i += n
			} else {
				out.WriteString("&amp;")
				i++
			}
		case c == ']' && bytes.HasPrefix(in[i:], []byte("]]>")):
			out.WriteString("]]&gt;")
			i += 3
		default:
			out.WriteByte(c)
			i++
		}
	}
	for k := len(open) - 1; k >= 0; k-- {
		out.WriteString("</" + open[k] + ">")
	}
	return out.Bytes()
}

var cdataSection = regexp.MustCompile(`(?s)<!\[CDATA\[(.*?)\]\]>`)

// repairCDATA writes the CDATA section at in[i] as get_tag reads it, and
// returns where reading goes on: at the closing tag of the element the
// section is in.
func repairCDATA(in []byte, i int, open []string, out *bytes.Buffer) int {
	body := in[i+len("<![CDATA["):]
	end := len(in)
	if len(open) > 0 {
		if c := bytes.Index(body, []byte("</"+open[len(open)-1]+">")); c >= 0 {
			body, end = body[:c], i+len("<![CDATA[")+c
		}
	} else if c := bytes.Index(body, []byte("]]>")); c >= 0 {
		body, end = body[:c], i+len("<![CDATA[")+c+3
	}
	var text []byte
	if bytes.Contains(body, []byte("]]]]><![CDATA[>")) {
		for _, m := range cdataSection.FindAllSubmatch(append([]byte("<![CDATA["), body...), -1) {
			text = append(text, m[1]...)
		}
	} else {
		text = bytes.TrimRight(body, " \t\r\n")
		if k := bytes.LastIndex(text, []byte("]]>")); k >= 0 {
			// Text after the last ]]> (before the closing tag) is kept
			// too: it is the field's as much as what came before.
			text = append(text[:k:k], text[k+3:]...)
		}
	}
	out.WriteString("<![CDATA[")
	out.Write(bytes.ReplaceAll(text, []byte("]]>"), []byte("]]]]><![CDATA[>")))
	out.WriteString("]]>")
	return end
}

// repairTag writes the start tag at the start of in with its attributes
// quoted and escaped, and returns its name, whether it closes itself and
// its length in in.
func repairTag(in []byte, out *bytes.Buffer) (name string, selfClose bool, n int) {
	name = tagName(in[1:])
	out.WriteString("<" + name)
	i := 1 + len(name)
	var seen []string
	for i < len(in) {
		c := in[i]
		switch {
		case c == '>':
			out.WriteString(">")
			return name, false, i + 1
		case c == '/' && i+1 < len(in) && in[i+1] == '>':
			out.WriteString("/>")
			return name, true, i + 2
		case isNameByte(c):
			attr := tagName(in[i:])
			i += len(attr)
			for i < len(in) && isSpace(in[i]) {
				i++
			}
			var val []byte
			if i < len(in) && in[i] == '=' {
				i++
				for i < len(in) && isSpace(in[i]) {
					i++
				}
				if i < len(in) && (in[i] == '"' || in[i] == '\'') {
					q := in[i]
					j := bytes.IndexByte(in[i+1:], q)
					if j < 0 {
						j = len(in) - i - 1
					}
					val = in[i+1 : i+1+j]
					i += j + 2
				} else {
					j := i
					for j < len(in) && !isSpace(in[j]) && in[j] != '>' {
						j++
					}
					val, i = in[i:j], j
				}
			}
			if slices.Contains(seen, attr) {
				continue
			}
			seen = append(seen, attr)
			out.WriteString(" " + attr + `="`)
			writeAttr(out, val)
			out.WriteString(`"`)
		default:
			i++
		}
	}
	// The tag runs to the end of the element's text.
	out.WriteString(">")
	return name, false, len(in)
}

// writeAttr writes an attribute value with bare & and quotes escaped.
func writeAttr(out *bytes.Buffer, v []byte) {
	for i := 0; i < len(v); {
		switch c := v[i]; {
		case c == '&':
			if n := refLen(v[i:]); n > 0 {
				out.Write(v[i : i+n])
				i += n
				continue
			}
			out.WriteString("&amp;")
		case c == '<':
			out.WriteString("&lt;")
		case c == '"':
			out.WriteString("&quot;")
		default:
			out.WriteByte(c)
		}
		i++
	}
}

// refLen is the length of the entity or character reference at the start
// of b that the decoder reads (&amp;, &nbsp;, &#8217;), or 0 for a bare &.
func refLen(b []byte) int {
	semi := bytes.IndexByte(b, ';')
	if semi < 2 || semi > 40 {
		return 0
	}
	ref := string(b[1:semi])
	if ref[0] == '#' {
		var n uint64
		var err error
		if len(ref) > 1 && (ref[1] == 'x' || ref[1] == 'X') {
			n, err = strconv.ParseUint(ref[2:], 16, 32)
		} else {
			n, err = strconv.ParseUint(ref[1:], 10, 32)
		}
		r := rune(n)
		if err != nil || !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return 0
		}
		return semi + 1
	}
	switch ref {
	case "lt", "gt", "amp", "apos", "quot":
		return semi + 1
	}
	if _, ok := xml.HTMLEntity[ref]; ok {
		return semi + 1
	}
	return 0
}
