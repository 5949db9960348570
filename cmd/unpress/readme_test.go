package main

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestREADMEHelp: the help the README shows is the help unpress prints,
// so that the page a newcomer reads first does not drift from the tool.
func TestREADMEHelp(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--help"}, {"migrate", "--help"}} {
		shown := "$ unpress " + strings.Join(args, " ") + "\n"
		_, rest, ok := strings.Cut(string(readme), "```\n"+shown)
		if !ok {
			t.Errorf("README.md shows no %q", strings.TrimSpace(shown))
			continue
		}
		want, _, _ := strings.Cut(rest, "```\n")
		code, stdout, stderr := runCmd(context.Background(), args...)
		if code != exitOK || stderr != "" {
			t.Fatalf("unpress %v: exit %d, stderr %q", args, code, stderr)
		}
		if stdout != want {
			t.Errorf("README.md's %q differs from unpress's:\n%s\nwant:\n%s", strings.TrimSpace(shown), want, stdout)
		}
	}
}
