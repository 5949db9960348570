package output

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeSlug(t *testing.T) {
	long := strings.Repeat("a", 300)
	longCyr := strings.Repeat("ж", 150) // 300 bytes
	tests := []struct {
		in, want string
	}{
		{"hello-world", "hello-world"},
		{"../../etc/passwd", "etc-passwd"},
		{`..\..\windows\system32`, "windows-system32"},
		{"..", ""},
		{".", ""},
		{"...hidden", "hidden"},
		{"CON", "CON_"},
		{"con", "con_"},
		{"aux.txt", "aux_.txt"},
		{"Nul.tar.gz", "Nul_.tar.gz"},
		{"com1", "com1_"},
		{"LPT9.md", "LPT9_.md"},
		{"COM¹", "COM¹_"},
		{"CON ", "CON_"},
		{"console", "console"},
		{"con_", "con_"},
		{long, strings.Repeat("a", 200)},
		{longCyr, strings.Repeat("ж", 100)},
		{"a" + longCyr, "a" + strings.Repeat("ж", 99)},
		{"привет-мир", "привет-мир"},
		{"%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82", "привет"},
		{"%25D0%25BF", "п"},
		{"100%", "100"},
		{"100%-pure", "100-pure"},
		{"%zz", "zz"},
		{"", ""},
		{"   ", ""},
		{"hello world", "hello-world"},
		{"a/b\\c", "a-b-c"},
		{`file:name*?"<>|.md`, "file-name-.md"},
		{"nul\x00byte", "nulbyte"},
		{"%00", ""},
		{"tab\there", "tab-here"},
		{"a\x7fb\u0085c", "ab-c"}, // U+0085 is a line break
		{"\u202Eevil\u202C", "evil"},
		{"e\u0301", "é"},
		{"\xff\xfeok", "ok"},
		{"%ffok", "ok"},
		{"café-☕", "café-☕"},
		{"emoji-🎉", "emoji-🎉"},
		{"trailing.", "trailing"},
		{"a--b", "a--b"},
		{"a - b", "a-b"},
		{"a:-b", "a-b"},
		{"a-:b", "a-b"},
		{"a::b", "a-b"},
		{"#hash?q", "hash-q"},
		{"Mixed-Case", "Mixed-Case"},
	}
	for _, tt := range tests {
		got := SafeSlug(tt.in)
		if got != tt.want {
			t.Errorf("SafeSlug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		checkSlug(t, tt.in, got)
	}
}

// checkSlug holds SafeSlug's promises.
func checkSlug(t *testing.T, in, got string) {
	t.Helper()
	switch {
	case !utf8.ValidString(got):
		t.Errorf("SafeSlug(%q) = %q: invalid UTF-8", in, got)
	case len(got) > MaxNameBytes:
		t.Errorf("SafeSlug(%q) = %q: %d bytes", in, got, len(got))
	case strings.ContainsAny(got, "/\\\x00:*?\"<>|%#"):
		t.Errorf("SafeSlug(%q) = %q: forbidden character", in, got)
	case got == "." || got == "..":
		t.Errorf("SafeSlug(%q) = %q: dot name", in, got)
	case strings.HasPrefix(got, ".") || strings.HasSuffix(got, ".") || strings.HasPrefix(got, "-"):
		t.Errorf("SafeSlug(%q) = %q: leading or trailing dot or dash", in, got)
	case got != SafeSlug(got):
		t.Errorf("SafeSlug not idempotent: %q → %q → %q", in, got, SafeSlug(got))
	}
	stem, _, _ := strings.Cut(got, ".")
	if windowsReserved[strings.ToUpper(stem)] {
		t.Errorf("SafeSlug(%q) = %q: Windows reserved name", in, got)
	}
	for _, r := range got {
		if droppedRune(r) {
			t.Errorf("SafeSlug(%q) = %q: contains %U", in, got, r)
		}
	}
}

func FuzzSafeSlug(f *testing.F) {
	for _, s := range []string{
		"hello-world", "../../etc/passwd", "CON", "aux.txt", strings.Repeat("ж", 150),
		"%D0%BF", "%25%32%35", "e\u0301", "a\u0301\u0302\u0303", "\u202E", ".. ..", "com1.-.",
		strings.Repeat("a\u0301", 120), "aux" + strings.Repeat("\u0301", 300),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSlug(t, s, SafeSlug(s))
	})
}

func BenchmarkSafeSlug(b *testing.B) {
	in := "%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82-hello world: a/b"
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		SafeSlug(in)
	}
}
