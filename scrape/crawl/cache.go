package crawl

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/atomicfile"
)

// cache is the crawl's on-disk HTTP cache: one entry per fetched URL,
// kept across runs, so that a second run, or a run after an interruption,
// fetches nothing it already has.
//
// Colly's own CacheDir is not used: it stores any answer below 500
// (429 "slow down" included, which would then be replayed forever), keeps
// a followed redirect's final page under the first URL (losing the
// redirect), buffers media in memory, and has no way to tell a complete
// body from one cut at MaxBodySize. This cache stores an answer only when
// its body was read to the end, only for statuses that will not change on
// a retry (2xx, redirects, 404, 410), and keeps the body as a plain file
// that MediaFile can hand to the writer as it is.
//
// Layout: DIR/ab/<sha256 of the URL>.body holds the bytes as received,
// DIR/ab/<...>.json the status, headers and time. The .json is written
// last (temporary file, then rename), so an entry without one is not an
// entry: a crash or Ctrl-C leaves nothing half-written that a later run
// would trust. There is no expiry: delete the folder to crawl afresh.
//
// Revalidation: each crawl is a run, noted in DIR/run.json when it starts
// and when its queue ran dry. An entry fetched or revalidated since the
// current run started is fresh and answers without a request; an older
// one is asked for again with its validators (If-None-Match,
// If-Modified-Since), and a 304 makes it fresh. A run that was
// interrupted is resumed by the next one: it keeps the start time, so
// that what it fetched is not asked for again. Offline, every entry is
// fresh and nothing else can be had.
type cache struct {
	dir     string
	offline bool
	since   time.Time // entries checked before this are revalidated
	shared  bool      // another crawl runs with this cache: its run marker is left alone
}

// runState is DIR/run.json: the current run of the crawl.
type runState struct {
	Started  time.Time `json:"started"`
	Finished bool      `json:"finished"`
	// PID is the process crawling, so that a run does not take another's
	// crawl in progress for an interrupted one (a dry run takes no lock).
	PID int `json:"pid,omitempty"`
}

const runFile = "run.json"

// beginRun starts a run, or resumes the last one when it did not finish.
// It reports whether it resumed, or the process of another crawl using
// the cache right now: this run then starts afresh and leaves that one's
// marker alone.
func (c *cache) beginRun(now time.Time) (resumed bool, other int, err error) {
	if c.offline {
		return false, 0, nil
	}
	name := filepath.Join(c.dir, runFile)
	var st runState
	if data, err := os.ReadFile(name); err == nil && json.Unmarshal(data, &st) == nil && !st.Finished && !st.Started.IsZero() && !st.Started.After(now) {
		if st.PID != os.Getpid() && scrape.ProcessAlive(st.PID) {
			c.since, c.shared = now.UTC(), true
			return false, st.PID, nil
		}
		c.since = st.Started
		return true, 0, nil
	}
	st = runState{Started: now.UTC(), PID: os.Getpid()}
	data, err := json.Marshal(st)
	if err != nil {
		return false, 0, err
	}
	c.since = st.Started
	return false, 0, atomicfile.WriteFile(name, data, 0o600)
}

// endRun notes that the run's crawl is complete: the next run is a new one.
func (c *cache) endRun() error {
	if c.offline || c.shared || c.since.IsZero() {
		return nil
	}
	data, err := json.Marshal(runState{Started: c.since, Finished: true})
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(c.dir, runFile), data, 0o600)
}

// fresh reports whether an entry may answer without asking the server.
func (c *cache) fresh(e *entry) bool {
	return c.offline || !e.checked().Before(c.since)
}

// touch records that the server confirmed an entry (304), with the
// validators it sent again.
func (c *cache) touch(e *entry, h http.Header, now time.Time) error {
	for _, k := range []string{"Etag", "Last-Modified"} {
		if v := h.Get(k); v != "" {
			if e.Header == nil {
				e.Header = http.Header{}
			}
			e.Header.Set(k, v)
		}
	}
	e.Checked = now.UTC()
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	meta, _ := c.paths(e.URL)
	return atomicfile.WriteFile(meta, data, 0o600)
}

// entry is one cached answer.
type entry struct {
	Version int         `json:"v"`
	URL     string      `json:"url"`
	Status  int         `json:"status"`
	Header  http.Header `json:"header,omitempty"`
	Size    int64       `json:"size"`
	Fetched time.Time   `json:"fetched"`
	// Checked is when a 304 last confirmed the body (zero: never since
	// it was fetched).
	Checked time.Time `json:"checked,omitzero"`

	body string // path of the body file
}

// checked is when the server last vouched for the entry.
func (e *entry) checked() time.Time {
	if e.Checked.After(e.Fetched) {
		return e.Checked
	}
	return e.Fetched
}

// validators are the conditional headers that revalidate the entry; none
// for an entry the server gave no validators (it is fetched again).
func (e *entry) validators() http.Header {
	h := http.Header{}
	if v := e.Header.Get("Etag"); v != "" {
		h.Set("If-None-Match", v)
	}
	if v := e.Header.Get("Last-Modified"); v != "" {
		h.Set("If-Modified-Since", v)
	}
	return h
}

const cacheVersion = 1

// keptHeaders are the response headers a cache entry keeps.
var keptHeaders = []string{"Content-Type", "Location", "Last-Modified", "Etag", "Content-Disposition", "Link", "X-Wp-Total", "X-Wp-Totalpages"}

func openCache(dir string, offline bool) (*cache, error) {
	if dir == "" {
		return nil, errors.New("crawl: no cache folder")
	}
	// The cache writes only where it was told: a symbolic link in its
	// place (planted in an output folder) would send it elsewhere.
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("crawl: cache folder %s is a symbolic link: not followed (remove it, or name a real folder with --cache)", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("crawl: cache: %w", err)
	}
	c := &cache{dir: dir, offline: offline}
	c.removeStale(time.Hour)
	return c, nil
}

// removeStale deletes the temporary files of runs that were killed while
// writing (older than age, so that a run sharing the cache keeps its own).
// It touches only its own: files named by atomicfile.TempPrefix in the
// cache's two-hex-digit folders, never another program's in a shared
// --cache folder.
func (c *cache) removeStale(age time.Duration) {
	subs, _ := os.ReadDir(c.dir)
	for _, sub := range subs {
		if !sub.IsDir() || !cacheShard(sub.Name()) {
			continue
		}
		files, _ := os.ReadDir(filepath.Join(c.dir, sub.Name()))
		for _, f := range files {
			if !f.Type().IsRegular() || !strings.HasPrefix(f.Name(), atomicfile.TempPrefix) || !strings.HasSuffix(f.Name(), ".tmp") {
				continue
			}
			if info, err := f.Info(); err == nil && time.Since(info.ModTime()) > age {
				os.Remove(filepath.Join(c.dir, sub.Name(), f.Name()))
			}
		}
	}
}

// cacheShard reports a folder name the cache makes: two hex digits.
func cacheShard(name string) bool {
	return len(name) == 2 && strings.Trim(name, "0123456789abcdef") == ""
}

func (c *cache) paths(u string) (meta, body string) {
	sum := sha256.Sum256([]byte(u))
	h := hex.EncodeToString(sum[:])
	p := filepath.Join(c.dir, h[:2], h)
	return p + ".json", p + ".body"
}

// get returns the entry for a URL, if a complete one is stored.
func (c *cache) get(u string) (*entry, bool) {
	meta, body := c.paths(u)
	data, err := os.ReadFile(meta)
	if err != nil {
		return nil, false
	}
	var e entry
	if json.Unmarshal(data, &e) != nil || e.Version != cacheVersion || e.URL != u {
		return nil, false
	}
	st, err := os.Stat(body)
	if err != nil || st.Size() != e.Size {
		return nil, false
	}
	e.body = body
	return &e, true
}

// read returns an entry's body.
func (e *entry) read() ([]byte, error) { return os.ReadFile(e.body) }

// cacheable reports whether an answer with this status is worth keeping:
// one that a retry would not change.
func cacheable(status int) bool {
	switch {
	case status >= 200 && status < 300:
		return true
	case status == http.StatusMovedPermanently, status == http.StatusFound, status == http.StatusSeeOther,
		status == http.StatusTemporaryRedirect, status == http.StatusPermanentRedirect,
		status == http.StatusNotFound, status == http.StatusGone:
		return true
	}
	return false
}

// pending is an entry being written as its body streams in.
type pending struct {
	c    *cache
	e    entry
	tmp  *os.File
	done bool
}

func (c *cache) begin(u string, status int, h http.Header) (*pending, error) {
	meta, _ := c.paths(u)
	if err := os.MkdirAll(filepath.Dir(meta), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(meta), atomicfile.TempPrefix+"body-*.tmp")
	if err != nil {
		return nil, err
	}
	kept := http.Header{}
	for _, k := range keptHeaders {
		if v := h.Values(k); len(v) > 0 {
			kept[k] = v
		}
	}
	return &pending{c: c, tmp: tmp, e: entry{Version: cacheVersion, URL: u, Status: status, Header: kept}}, nil
}

func (p *pending) Write(b []byte) (int, error) {
	n, err := p.tmp.Write(b)
	p.e.Size += int64(n)
	return n, err
}

// commit stores the entry: the body file, then its .json.
func (p *pending) commit(fetched time.Time) error {
	if p.done {
		return nil
	}
	p.done = true
	meta, body := p.c.paths(p.e.URL)
	if err := p.tmp.Close(); err != nil {
		os.Remove(p.tmp.Name())
		return err
	}
	if err := os.Rename(p.tmp.Name(), body); err != nil {
		os.Remove(p.tmp.Name())
		return err
	}
	p.e.Fetched = fetched.UTC()
	data, err := json.Marshal(p.e)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(meta, data, 0o600)
}

// abort drops an entry whose body did not arrive whole.
func (p *pending) abort() {
	if p.done {
		return
	}
	p.done = true
	p.tmp.Close()
	os.Remove(p.tmp.Name())
}

// teeBody passes a response body through to its reader and into the
// cache, and commits the entry only when the reader reaches its end.
type teeBody struct {
	rc  io.ReadCloser
	p   *pending
	now func() time.Time
	bad bool
}

func (t *teeBody) Read(b []byte) (int, error) {
	n, err := t.rc.Read(b)
	if n > 0 && !t.bad {
		if _, werr := t.p.Write(b[:n]); werr != nil {
			t.bad = true
		}
	}
	if err == io.EOF {
		if t.bad {
			t.p.abort()
		} else if cerr := t.p.commit(t.now()); cerr != nil {
			t.p.abort()
		}
	} else if err != nil {
		t.p.abort()
	}
	return n, err
}

func (t *teeBody) Close() error {
	t.p.abort() // a no-op after commit
	return t.rc.Close()
}
