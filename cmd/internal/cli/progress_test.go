package cli

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.WriteString(string(p))
}

// TestPlainProgress: off a terminal, the display is a timestamped line per
// active phase now and then, for a log, and nothing is redrawn.
func TestPlainProgress(t *testing.T) {
	PlainEvery = 250 * time.Millisecond
	defer func() { PlainEvery = 10 * time.Second }()
	var out syncBuffer
	p := NewProgress(&out)
	p.Total("write", 10)
	p.Add("write", 3)
	time.Sleep(350 * time.Millisecond)
	p.Close()
	p.Close()
	got := out.b.String()
	if !regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d write\s+3/10\s+\d+\.\d/s  ETA \d+:\d\d$`).MatchString(got) || strings.Contains(got, "\x1b") {
		t.Errorf("plain progress:\n%q", got)
	}
	if n := strings.Count(got, "write"); n != 1 {
		t.Errorf("%d lines for a phase that did not move, want 1:\n%s", n, got)
	}
}

func TestWrap(t *testing.T) {
	got := Wrap("unpress: crawl: 35 found, 17 pages (0 from cache), 0 redirects, 18 missing", 40)
	want := "unpress: crawl: 35 found, 17 pages (0\n  from cache), 0 redirects, 18 missing\n"
	if got != want {
		t.Errorf("Wrap:\n%s\nwant:\n%s", got, want)
	}
}
