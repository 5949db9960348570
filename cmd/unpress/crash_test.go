package main

import (
	"bytes"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKilledRuns kills a real unpress process (kill -9) at random points
// of a run, many times over, and checks after each that every file in the
// output is whole — byte for byte the file an uninterrupted run writes —
// and at the end that one more run converges to exactly that output.
func TestKilledRuns(t *testing.T) {
	processCheck(t)
	tmp := t.TempDir()
	bin := buildUnpress(t, tmp)
	site := filepath.Join(tmp, "site")
	syntheticMirror(t, site, 400)

	migrate := func(out string) *exec.Cmd {
		return exec.Command(bin, "migrate", "--from", site, "--out", out, "--quiet")
	}
	ref := filepath.Join(tmp, "ref")
	start := time.Now()
	if out, err := migrate(ref).CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	full := time.Since(start)
	want := readTree(t, ref)

	out := filepath.Join(tmp, "out")
	rng := rand.New(rand.NewPCG(1, 2))
	const kills = 24
	for i := range kills {
		cmd := migrate(out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		for rel, data := range readTree(t, out) {
			if strings.HasPrefix(filepath.Base(rel), ".unpress-tmp-") || strings.HasPrefix(rel, ".unpress/") {
				continue // a write cut short, cleaned by the next run; run state
			}
			if w, ok := want[rel]; !ok || !bytes.Equal(w, data) {
				t.Fatalf("kill %d: %s is not a whole file of the finished output (%d bytes)", i, rel, len(data))
			}
		}
	}

	// The next run completes the job: the same output as one that was
	// never interrupted, and nothing else.
	if msg, err := migrate(out).CombinedOutput(); err != nil {
		t.Fatalf("run after the kills: %v\n%s", err, msg)
	}
	// The reports say what that run did (created vs unchanged).
	sameTree(t, readTree(t, out), want, func(rel string) bool {
		return rel == ".unpress/report.json" || rel == ".unpress/report.html"
	})
}

// sameTree checks that got holds the files of want, byte for byte, and
// nothing else, but for the paths skip names.
func sameTree(t *testing.T, got, want map[string][]byte, skip func(rel string) bool) {
	t.Helper()
	for rel, w := range want {
		if !skip(rel) && !bytes.Equal(got[rel], w) {
			t.Errorf("%s differs from the uninterrupted run's", rel)
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok && !skip(rel) {
			t.Errorf("%s left behind", rel)
		}
	}
}

// TestInterruptStopsQuickly sends SIGINT and SIGTERM to a real run in the
// middle of its work: it must stop within two seconds with exit 130,
// leaving every file whole.
func TestInterruptStopsQuickly(t *testing.T) {
	processCheck(t)
	tmp := t.TempDir()
	bin := buildUnpress(t, tmp)
	site := filepath.Join(tmp, "site")
	syntheticMirror(t, site, 3000)
	ref := filepath.Join(tmp, "ref")
	if out, err := exec.Command(bin, "migrate", "--from", site, "--out", ref, "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	want := readTree(t, ref)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(tmp, "out-"+sig.String())
			cmd := exec.Command(bin, "migrate", "--from", site, "--out", out, "--quiet")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(700 * time.Millisecond)
			sent := time.Now()
			_ = cmd.Process.Signal(sig)
			err := cmd.Wait()
			took := time.Since(sent)
			if took > 2*time.Second {
				t.Errorf("stopped %v after the signal, want under 2s", took.Round(time.Millisecond))
			}
			// 3,000 pages take seconds: the run was in the middle of its work.
			if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
				t.Errorf("exit %d (%v), want %d: %s", code, err, exitInterrupted, stderr.String())
			}
			for rel, data := range readTree(t, out) {
				if strings.HasPrefix(rel, ".unpress/") {
					continue
				}
				if w, ok := want[rel]; !ok || !bytes.Equal(w, data) {
					t.Errorf("%s is not whole after the interruption", rel)
				}
			}
			t.Logf("%v: stopped %v after the signal", sig, took.Round(time.Millisecond))
		})
	}
}
