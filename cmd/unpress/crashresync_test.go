package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/unpress/unpress/output"
)

// migratedMirror is a synthetic mirror of n posts (site) that a built
// unpress (bin) has migrated to out, for the process-level checks.
func migratedMirror(t *testing.T, n int) (bin, site, out string) {
	processCheck(t)
	tmp := t.TempDir()
	bin = buildUnpress(t, tmp)
	site = filepath.Join(tmp, "site")
	syntheticMirror(t, site, n)
	out = filepath.Join(tmp, "out")
	if msg, err := exec.Command(bin, "migrate", "--from", site, "--out", out, "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, msg)
	}
	return bin, site, out
}

// editMirror changes every page of a synthetic mirror (a word of their
// text), as a legacy site that keeps publishing does between two runs.
func editMirror(t *testing.T, dir, from, to string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, bytes.ReplaceAll(data, []byte(from), []byte(to)), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// unknownWrites counts the files that hold neither what the manifest says
// unpress wrote nor anything a person put there: a killed run's writes,
// which only the journal tells apart from hand edits.
func unknownWrites(t *testing.T, out string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(output.ManifestPath)))
	if err != nil {
		t.Fatal(err)
	}
	var m output.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	n := 0
	for rel, sum := range m.Files {
		if got := sha256File(t, filepath.Join(out, filepath.FromSlash(rel))); got != sum {
			n++
		}
	}
	return n
}

// convergeCheck runs unpress once more over the site as it is now and
// checks that it converges without a false hand edit: exit 0, no
// NAME.unpress-new, and the files a run from scratch writes.
func convergeCheck(t *testing.T, bin, site, out, ref string) {
	t.Helper()
	cmd := exec.Command(bin, "migrate", "--from", site, "--out", out, "--quiet")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the run after: %v (exit %d)\n%s", err, cmd.ProcessState.ExitCode(), msg)
	}
	if msg, err := exec.Command(bin, "migrate", "--from", site, "--out", ref, "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, msg)
	}
	// The report, the manifest's times and the journal say what each run
	// did.
	sameTree(t, readTree(t, out), readTree(t, ref), func(rel string) bool { return strings.HasPrefix(rel, ".unpress/") })
}

// TestKilledResyncs kills re-syncs (kill -9) at random points, in the
// write phase too, while the legacy site changes between runs: a killed
// run puts new versions in place before its manifest is saved. The next
// run, over a site that changed again, must know those writes as its own
// (the journal) and converge, with no false hand edit.
func TestKilledResyncs(t *testing.T) {
	bin, site, out := migratedMirror(t, 400)
	tmp := filepath.Dir(out)
	migrate := func() *exec.Cmd {
		return exec.Command(bin, "migrate", "--from", site, "--out", out, "--quiet")
	}
	editMirror(t, site, "Ukraine", "Ukraina")
	start := time.Now()
	if err := exec.Command(bin, "migrate", "--from", site, "--out", filepath.Join(tmp, "timing"), "--quiet").Run(); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 12 {
		cmd := migrate()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Late in the run: after the pages are read, while files are
		// put in place.
		time.Sleep(full/3 + time.Duration(rng.Int64N(int64(full*2/3))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if unknownWrites(t, out) > 0 {
			break
		}
	}
	n := unknownWrites(t, out)
	if n == 0 {
		t.Fatal("no kill landed between a write and the manifest: the test checked nothing")
	}
	t.Logf("%d files written by killed runs, unknown to the manifest", n)
	editMirror(t, site, "Ukraina", "Ukrayina")
	convergeCheck(t, bin, site, out, filepath.Join(tmp, "ref"))
}

// TestFileSizeLimit runs a re-sync under a file-size limit (ulimit -f)
// too small for its manifest: the run puts its files in place, fails to
// save the manifest and says so. The next run must know those files as
// its own and converge, with no false hand edit.
func TestFileSizeLimit(t *testing.T) {
	bin, site, out := migratedMirror(t, 200)
	tmp := filepath.Dir(out)
	editMirror(t, site, "Ukraine", "Ukraina")
	// 64 blocks of 512 bytes (dash) or 1,024 (bash): the posts fit, the
	// manifest of 200 posts does not.
	cmd := exec.Command("sh", "-c", `ulimit -f 64 && exec "$0" "$@"`, bin, "migrate", "--from", site, "--out", out, "--quiet")
	msg, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(msg), "file too large") {
		t.Fatalf("under ulimit -f: %v, want a failure naming the limit:\n%s", err, msg)
	}
	if code := cmd.ProcessState.ExitCode(); code < 0 {
		t.Fatalf("killed by a signal (%v), want an error", cmd.ProcessState)
	}
	if n := unknownWrites(t, out); n == 0 {
		t.Fatal("the limited run put no file in place: the test checked nothing")
	}
	editMirror(t, site, "Ukraina", "Ukrayina")
	convergeCheck(t, bin, site, out, filepath.Join(tmp, "ref"))
}

// sha256File is the manifest's hash of the file at p ("" when missing).
func sha256File(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
