package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/unpress/unpress/scrape/crawl/crawltest"
)

// TestProgressIn80Columns runs a real unpress crawling a loopback site in
// an 80x24 pseudo-terminal, plays what it wrote through a small terminal
// (autowrap at 80 columns, cursor up, erase), and asserts that no line
// was wider than the terminal and that the phase lines were redrawn in
// place: once each in the end, not stacked one copy per redraw (issue 16:
// 153 stacked lines for one 130-page crawl).
func TestProgressIn80Columns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a crawl in a pseudo-terminal")
	}
	srv := crawltest.New(t, crawltest.Options{Dir: "../../fixtures/site"})
	out := t.TempDir()
	cmd := exec.Command(selfBinary(t), "migrate", "--from", srv.URL+"/", "--out", out, "--no-api", "--delay", "60ms", "--concurrency", "1")
	cmd.Env = append(os.Environ(), "TERM=xterm", "NO_COLOR=")
	raw, err := runInTerminal(t, cmd)
	if err != nil {
		t.Fatalf("unpress: %v\n%s", err, raw)
	}
	term := newScreen(80, 24)
	term.play(raw)
	lines := term.all()
	status := regexp.MustCompile(`^(discover|fetch|extract|write|media)\s+\d`)
	counts := map[string]int{}
	for _, l := range lines {
		if m := status.FindStringSubmatch(l); m != nil {
			counts[m[1]]++
		}
	}
	if term.wrapped > 0 {
		t.Errorf("%d lines were wider than 80 columns and wrapped", term.wrapped)
	}
	for _, phase := range []string{"discover", "fetch", "extract", "write"} {
		if counts[phase] != 1 {
			t.Errorf("%s: %d lines on the terminal, want 1 redrawn in place", phase, counts[phase])
		}
	}
	if n := strings.Count(string(raw), "\x1b["); n < 10 {
		t.Errorf("%d escape sequences: the display was not redrawn", n)
	}
	if t.Failed() {
		t.Logf("the terminal at the end:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.Contains(strings.Join(lines, "\n"), "posts and 2 pages; files (") {
		t.Errorf("no summary:\n%s", strings.Join(lines, "\n"))
	}
}

// selfBinary is this test binary under the name unpress: testscript.Main
// (TestMain) runs it as unpress, with no build.
func selfBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "unpress")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// runInTerminal runs cmd in an 80x24 pseudo-terminal and returns all it
// wrote there, and how it exited. No pseudo-terminal skips the test.
func runInTerminal(t *testing.T, cmd *exec.Cmd) ([]byte, error) {
	t.Helper()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer f.Close()
	var raw bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&raw, f); close(done) }() // ends with EIO when the process exits
	err = cmd.Wait()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal's output did not end")
	}
	return raw.Bytes(), err
}

// screen is as much of a terminal as the display uses: printing with
// autowrap, CR, LF (scrolling into a history), cursor up (ESC[nA), erase
// below (ESC[J) and erase line (ESC[K).
type screen struct {
	cols, rows int
	history    []string
	grid       [][]rune
	row, col   int
	wrapped    int // lines that went past the last column
}

func newScreen(cols, rows int) *screen {
	s := &screen{cols: cols, rows: rows}
	for range rows {
		s.grid = append(s.grid, nil)
	}
	return s
}

func (s *screen) lineFeed() {
	if s.row < s.rows-1 {
		s.row++
		return
	}
	s.history = append(s.history, string(s.grid[0]))
	s.grid = append(s.grid[1:], nil)
}

func (s *screen) play(b []byte) {
	rs := []rune(string(b))
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\r':
			s.col = 0
		case r == '\n':
			s.lineFeed()
		case r == 0x1b && i+1 < len(rs) && rs[i+1] == '[':
			j := i + 2
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || rs[j] == ';' || rs[j] == '?') {
				j++
			}
			if j >= len(rs) {
				return
			}
			n, _ := strconv.Atoi(string(rs[i+2 : j]))
			switch rs[j] {
			case 'A':
				s.row = max(0, s.row-max(n, 1))
			case 'J':
				s.grid[s.row] = clip(s.grid[s.row], s.col)
				for k := s.row + 1; k < s.rows; k++ {
					s.grid[k] = nil
				}
			case 'K':
				s.grid[s.row] = clip(s.grid[s.row], s.col)
			}
			i = j
		case r < 0x20:
		default:
			if s.col >= s.cols {
				s.wrapped++
				s.col = 0
				s.lineFeed()
			}
			for len(s.grid[s.row]) <= s.col {
				s.grid[s.row] = append(s.grid[s.row], ' ')
			}
			s.grid[s.row][s.col] = r
			s.col++
		}
	}
}

func clip(l []rune, n int) []rune {
	if len(l) > n {
		return l[:n]
	}
	return l
}

// all is the history and the screen, trailing blank lines dropped.
func (s *screen) all() []string {
	lines := append([]string(nil), s.history...)
	for _, l := range s.grid {
		lines = append(lines, strings.TrimRight(string(l), " "))
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
