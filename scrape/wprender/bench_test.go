package wprender

import (
	"strings"
	"testing"
)

func benchText() string {
	para := "The festival programme mixes well-known names with first-time performers from small towns, and it's \"busy\" -- as ever. "
	var b strings.Builder
	for b.Len() < 8000 {
		b.WriteString(para)
		if b.Len()%(4*len(para)) < len(para) {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

func BenchmarkAutop(b *testing.B) {
	s := benchText()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Autop(s)
	}
}

func BenchmarkTexturize(b *testing.B) {
	s := benchText()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Texturize(s)
	}
}

func BenchmarkContent(b *testing.B) {
	s := benchText()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Content(s, Options{PostID: 1})
	}
}
