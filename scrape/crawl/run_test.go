package crawl

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestRunMarker: a crawl resumes only a crawl that was interrupted (its
// process is gone), never one another process is making with the same
// cache right now (a dry run takes no lock): that one's marker is left as
// it is, and the message says what is true.
func TestRunMarker(t *testing.T) {
	dir := t.TempDir()
	c, err := openCache(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	mark := func(st runState) {
		t.Helper()
		data, _ := json.Marshal(st)
		if err := os.WriteFile(filepath.Join(dir, runFile), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	started := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)

	// A crawl killed mid-way: its process is gone.
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	mark(runState{Started: started, PID: gone.Process.Pid})
	if resumed, other, err := c.beginRun(time.Now()); !resumed || other != 0 || err != nil || !c.since.Equal(started) {
		t.Errorf("after a killed crawl: resumed %v, other %d, %v, since %v", resumed, other, err, c.since)
	}

	// Another process crawling now.
	c, _ = openCache(dir, false)
	mark(runState{Started: started, PID: os.Getppid()})
	resumed, other, err := c.beginRun(time.Now())
	if resumed || other != os.Getppid() || err != nil || c.since.Before(started.Add(time.Minute)) {
		t.Errorf("beside a running crawl: resumed %v, other %d, %v, since %v", resumed, other, err, c.since)
	}
	if err := c.endRun(); err != nil {
		t.Fatal(err)
	}
	var st runState
	data, _ := os.ReadFile(filepath.Join(dir, runFile))
	if json.Unmarshal(data, &st) != nil || st.Finished || st.PID != os.Getppid() {
		t.Errorf("the other crawl's marker was changed: %s", data)
	}
}
