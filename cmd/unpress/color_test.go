package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestColorOnTerminal: on a terminal, --color auto colours a dry run's
// diff, unless NO_COLOR is set or TERM=dumb; --color never does not,
// --color always does even there.
func TestColorOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs unpress in a pseudo-terminal")
	}
	bin := selfBinary(t)
	for _, tc := range []struct {
		name  string
		env   []string
		flags []string
		color bool
	}{
		{"auto", []string{"TERM=xterm", "NO_COLOR="}, nil, true},
		{"NO_COLOR", []string{"TERM=xterm", "NO_COLOR=1"}, nil, false},
		{"TERM=dumb", []string{"TERM=dumb", "NO_COLOR="}, nil, false},
		{"never", []string{"TERM=xterm", "NO_COLOR="}, []string{"--color", "never"}, false},
		{"always", []string{"TERM=dumb", "NO_COLOR=1"}, []string{"--color", "always"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := exec.Command(bin, append([]string{"migrate", "--from", "../../fixtures/site", "--out", out, "--dry-run", "--quiet"}, tc.flags...)...)
			cmd.Env = append(os.Environ(), tc.env...)
			data, _ := runInTerminal(t, cmd)
			raw := string(data)
			if !strings.Contains(raw, "+title: ") {
				t.Fatalf("no diff on the terminal:\n%.500s", raw)
			}
			if got := strings.Contains(raw, "\x1b[32m+"); got != tc.color {
				t.Errorf("coloured diff: %v, want %v", got, tc.color)
			}
		})
	}
}
