package markdown

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

func FuzzConvert(f *testing.F) {
	for _, gc := range goldenCases(f) {
		src, err := os.ReadFile(gc.in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	c := newConverter(f, Options{})
	f.Fuzz(func(t *testing.T, src string) {
		md, _, err := c.Convert(parseBody(t, src), goldenBase)
		if err != nil {
			// Convert turns a panic into an error, so this is where one
			// would show up.
			t.Fatalf("Convert: %v", err)
		}
		if !utf8.ValidString(md) {
			t.Fatalf("invalid UTF-8 in output %q", md)
		}
		if md != "" && (!strings.HasSuffix(md, "\n") || strings.HasSuffix(md, "\n\n")) {
			t.Fatalf("output does not end in exactly one newline: %q", md)
		}
	})
}

func BenchmarkConvert(b *testing.B) {
	var roots []*html.Node
	var size int64
	for _, gc := range goldenCases(b) {
		src, err := os.ReadFile(gc.in)
		if err != nil {
			b.Fatal(err)
		}
		roots = append(roots, parseBody(b, string(src)))
		size += int64(len(src))
	}
	c := newConverter(b, Options{})
	b.ReportAllocs()
	b.SetBytes(size)
	for b.Loop() {
		for _, root := range roots {
			if _, _, err := c.Convert(root, goldenBase); err != nil {
				b.Fatal(err)
			}
		}
	}
}
