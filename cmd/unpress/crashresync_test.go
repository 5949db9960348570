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
	journal := filepath.Join(out, filepath.FromSlash(output.JournalPath))
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"Ukraine", "Ukraina", "Oekraïne", "Ukrajina", "Ucraina", "Ukrayna", "Ukraïna"}
	killed := 0
	for i := range len(words) - 2 {
		// The legacy site changes every page, and the run is killed
		// once it has put a random number of them in place: in the
		// write phase, whatever the machine's load.
		editMirror(t, site, words[i], words[i+1])
		// The journal of a killed run stays until a run saves its
		// manifest: this run's entries come after those.
		before, _ := os.ReadFile(journal)
		cmd := exec.Command(bin, "migrate", "--from", site, "--out", out, "--quiet")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		target := bytes.Count(before, []byte("\n")) + 1 + rng.IntN(300)
	wait:
		for {
			select {
			case <-done:
				break wait // it finished first: nothing to check this time
			case <-time.After(2 * time.Millisecond):
			}
			if data, _ := os.ReadFile(journal); bytes.Count(data, []byte("\n")) >= target {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				<-done
				killed++
				break
			}
		}
		if n := unknownWrites(t, out); killed > 0 && n == 0 {
			t.Fatalf("kill %d: no file written unknown to the manifest: the test checked nothing", i)
		} else {
			t.Logf("run %d: %d files written by a killed run, unknown to the manifest", i, n)
		}
	}
	if killed == 0 {
		t.Fatal("every run finished before its kill: the test checked nothing")
	}
	editMirror(t, site, words[len(words)-2], words[len(words)-1])
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
