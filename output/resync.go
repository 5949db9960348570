package output

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/transform"
)

// Re-sync: a run over an output folder that an earlier run wrote. The
// manifest says which source produced which files; this run records what
// it read (SourceLog), finds the sources that left the legacy site and,
// with --prune, deletes their files when nobody edited them (Settle).

// SourceLog collects what the manifest records about each source page:
// its hash, validators and time as the source read it, and the files its
// post produced. Safe for concurrent use.
type SourceLog struct {
	mu    sync.Mutex
	pages map[string]pageSeen // origin → the page as read
	byURL map[string]string   // normalised page URL → origin
	live  map[string]struct{} // normalised URLs of the sources written this run
}

type pageSeen struct {
	hash, etag, lastModified string
	at                       time.Time
}

// Note keeps what the manifest needs of a page read by the source.
func (l *SourceLog) Note(p *scrape.Page) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pages == nil {
		l.pages, l.byURL = map[string]pageSeen{}, map[string]string{}
	}
	l.pages[p.Origin] = pageSeen{hash: p.Hash, etag: p.ETag, lastModified: p.LastModified, at: p.Fetched}
	// Only pages 2..N of a multi-page post (…/slug/2/) are looked up by
	// URL (see Wrote): memory keeps no second map of every page.
	if p.URL != nil && isPageNumber(path.Base(p.URL.Path)) {
		l.byURL[transform.NormURL(p.URL.String())] = p.Origin
	}
}

func isPageNumber(seg string) bool {
	n, err := strconv.Atoi(seg)
	return err == nil && n >= 2
}

// Wrote records in the manifest that the post's source produced files.
// The source's hash is its page's, or, for a post stitched from several
// pages, the hash of theirs in order; its time is the latest of theirs.
func (l *SourceLog) Wrote(w *Writer, p *transform.Post, files []string) {
	l.mu.Lock()
	seen := Seen{Origin: p.Origin, Files: files}
	if p.Origin == p.SourceURL {
		seen.Origin = "" // a crawl that fetched the page where it is published
	}
	if first, ok := l.pages[p.Origin]; ok {
		// Read once: the post's own page is not looked up again (pages
		// 2..N of a multi-page post are, by the post that has them).
		delete(l.pages, p.Origin)
		seen.SHA256, seen.ETag, seen.LastModified, seen.At = first.hash, first.etag, first.lastModified, first.at
		if p.Pages > 1 {
			h := sha256.New()
			fmt.Fprintln(h, first.hash)
			for i := 2; i <= p.Pages; i++ {
				next, ok := l.pages[l.byURL[transform.NormURL(fmt.Sprintf("%s%d/", p.SourceURL, i))]]
				if !ok {
					continue
				}
				fmt.Fprintln(h, next.hash)
				if next.at.After(seen.At) {
					seen.At = next.at
				}
			}
			seen.SHA256 = hex.EncodeToString(h.Sum(nil))
		}
	}
	if l.live == nil {
		l.live = map[string]struct{}{}
	}
	l.live[transform.NormURL(p.SourceURL)] = struct{}{}
	l.mu.Unlock()
	w.SeeSource(p.SourceURL, seen)
}

// isLive reports whether the source at a (normalised) URL produced files
// in this run.
func (l *SourceLog) isLive(norm string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.live[norm]
	return ok
}

// Recheck gives a source that can ask again (a crawl) the URLs the last
// run into out migrated, so that it asks for each of them again.
func Recheck(src scrape.Site, out string) error {
	rs, ok := src.(scrape.Rechecker)
	if !ok {
		return nil
	}
	m, err := ReadManifest(out)
	if err != nil {
		return err
	}
	rs.Recheck(m.URLs())
	return nil
}

// Settle compares the manifest of the last run with this run. A source
// that left the legacy site is reported, and marked gone in the manifest
// or, with --prune, its files are deleted unless they were edited by hand;
// so are the files a source no longer writes (a changed rule or preset
// moved them: the manifest lists them as the source's stale files). A
// source this run could not check (it failed, the crawl stopped at
// --max-pages, the source cannot tell) keeps its record as it was. Only
// files that a source's record lists are ever deleted.
//
// It returns the sources gone, how many of them this run found gone
// first, and why --prune deleted nothing when its guard held.
func Settle(w *Writer, r *transform.Read, rep *Report, src scrape.Site, log *SourceLog, prune Prune) (gone []GoneEntry, newlyGone int, refused string, err error) {
	prev := w.Previous()
	if len(prev) == 0 {
		return nil, 0, "", nil
	}
	posts := map[string]bool{}
	byOrigin := map[string]string{} // origin → the URL its page has now
	for _, p := range r.Posts.Heads() {
		posts[transform.NormURL(p.SourceURL)] = true
		if p.Origin != "" {
			byOrigin[p.Origin] = p.SourceURL
		}
	}
	failed := map[string]bool{}
	for _, f := range r.Failed {
		failed[transform.NormURL(f.URL)] = true
		if f.Origin != "" {
			failed[f.Origin] = true
		}
	}
	skipped := map[string]string{}
	for _, s := range r.Skipped {
		skipped[transform.NormURL(s.URL)] = s.Reason
	}
	gs, _ := src.(scrape.GoneTeller)

	// Which sources are gone, and why.
	type leaving struct {
		url    string
		rec    SourceRecord
		reason string
	}
	var leavings []leaving
	var live []string
	claimed := map[string]bool{} // files a source still has
	for _, u := range slices.Sorted(maps.Keys(prev)) {
		rec, n := prev[u], transform.NormURL(u)
		var reason string
		switch {
		case log.isLive(n):
			live = append(live, u)
			continue // its record is this run's
		case posts[n] || failed[n] || (rec.Origin != "" && failed[rec.Origin]):
			// Still there, but not written or not read this time.
		case skipped[n] != "":
			reason = "no longer migrated: " + skipped[n]
		case rec.Origin != "" && byOrigin[rec.Origin] != "":
			reason = "its page is now " + byOrigin[rec.Origin]
		case gs != nil:
			reason = gs.Gone(u, rec.Origin)
		}
		if reason == "" {
			for _, f := range slices.Concat(rec.Files, rec.Stale) {
				claimed[f] = true
			}
			continue
		}
		leavings = append(leavings, leaving{u, rec, reason})
	}
	done := map[string]bool{} // files disposed of
	candidates := func(files []string) []string {
		var out []string
		for _, f := range files {
			if !claimed[f] && !done[f] && !w.WrittenThisRun(f) {
				out = append(out, f)
				done[f] = true
			}
		}
		return out
	}

	// What --prune would delete, decided before anything is: the files of
	// the sources gone, then the moved files of the sources still there.
	type plan struct {
		url   string
		g     *leaving
		files []string
	}
	var plans []plan
	deleting := 0 // files of sources gone: what the guard counts
	for i := range leavings {
		g := &leavings[i]
		files := candidates(slices.Concat(g.rec.Files, g.rec.Stale))
		plans = append(plans, plan{url: g.url, g: g, files: files})
		deleting += len(files)
	}
	// (The moved files of sources still there have new ones this run:
	// deleting them loses nothing, and the guard does not count them.)
	for _, u := range live {
		if rec, ok := w.Source(u); ok && len(rec.Stale) > 0 {
			plans = append(plans, plan{url: u, files: candidates(rec.Stale)})
		}
	}
	if prune == PruneGuarded && deleting > 0 {
		total := 0
		for _, rec := range prev {
			total += len(rec.Files)
		}
		switch {
		case r.Posts.Len() == 0:
			refused = fmt.Sprintf("--prune: the source yielded no posts, and %d files of the earlier run would be deleted: nothing deleted (an empty mirror or a night of errors looks like this; --prune-all deletes them)", deleting)
		case deleting > pruneFloor && deleting*10 > total:
			refused = fmt.Sprintf("--prune: %d of the %d files of the earlier run would be deleted, more than a tenth: nothing deleted (--prune-all deletes them)", deleting, total)
		}
		if refused != "" {
			prune = PruneNone
		}
	}
	deletes := prune != PruneNone

	for _, pl := range plans {
		if pl.g == nil {
			// A source still there whose output moved.
			entry := GoneEntry{SourceURL: pl.url, Reason: "its files moved", Moved: true}
			if entry.Files, err = dispose(w, pl.files, deletes); err != nil {
				return nil, 0, "", err
			}
			if deletes {
				w.ClearStale(pl.url)
			}
			if len(entry.Files) > 0 {
				rep.AddGone(entry)
				gone = append(gone, entry)
			}
			continue
		}
		g := pl.g
		entry := GoneEntry{SourceURL: g.url, Reason: g.reason, New: g.rec.Gone == ""}
		if entry.New {
			newlyGone++
		}
		if entry.Files, err = dispose(w, pl.files, deletes); err != nil {
			return nil, 0, "", err
		}
		if deletes {
			w.Forget(g.url)
		} else {
			w.MarkGone(g.url, g.reason)
		}
		rep.AddGone(entry)
		gone = append(gone, entry)
	}
	return gone, newlyGone, refused, nil
}

// pruneFloor is how many files of gone sources --prune deletes whatever
// the site's size: on a small site a post or two is over a tenth.
const pruneFloor = 10

// Prune says what Settle does with the files of sources gone from the
// legacy site.
type Prune int

const (
	// PruneNone keeps them and marks their sources gone.
	PruneNone Prune = iota
	// PruneGuarded deletes them unless that would delete more than a
	// tenth of the earlier run's files (and more than pruneFloor), or the
	// source yielded no posts at all: an empty mirror or a night of errors
	// must not delete a site.
	PruneGuarded
	// PruneAll deletes them however many they are.
	PruneAll
)

// dispose deletes the files of a gone source with --prune, when nobody
// edited them; without --prune it keeps them.
func dispose(w *Writer, files []string, prune bool) ([]GoneFile, error) {
	var out []GoneFile
	for _, f := range files {
		if !prune {
			out = append(out, GoneFile{Path: f, Result: Kept, Reason: "--prune deletes it"})
			continue
		}
		rm, err := w.Remove(f)
		if err != nil {
			return nil, err
		}
		out = append(out, GoneFile(rm))
	}
	return out, nil
}
