package output

import (
	"maps"
)

// Previous returns the sources as the manifest had them before this run.
func (w *Writer) Previous() map[string]SourceRecord {
	w.mu.Lock()
	defer w.mu.Unlock()
	return maps.Clone(w.prev)
}

// SeeSource records a source page this run read and the files it
// produced. Its first-seen time is kept from the last run; its last-seen
// time moves only when its content (SHA256) changed.
func (w *Writer) SeeSource(url string, s Seen) {
	w.mu.Lock()
	defer w.mu.Unlock()
	prev, ok := w.prev[url]
	w.sources[url] = s.record(prev, ok)
}

// MarkGone notes in a source's record, kept from the last run, why it is
// no longer on the legacy site.
func (w *Writer) MarkGone(url, reason string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if r, ok := w.sources[url]; ok {
		r.Gone = reason
		w.sources[url] = r
	}
}

// Source returns a source's record as it will be saved.
func (w *Writer) Source(url string) (SourceRecord, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, ok := w.sources[url]
	return r, ok
}

// ClearStale empties a source's list of stale files (once --prune dealt
// with them).
func (w *Writer) ClearStale(url string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if r, ok := w.sources[url]; ok {
		r.Stale = nil
		w.sources[url] = r
	}
}

// WrittenThisRun reports whether this run wrote rel (or found it holding
// what it would write, or left a conflict beside it).
func (w *Writer) WrittenThisRun(rel string) bool {
	name, err := cleanRel(rel)
	if err != nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	r, ok := w.run[name]
	return ok && r.sum != "" // Remove's records have no sum
}

// Forget drops a source's record (once its files are gone).
func (w *Writer) Forget(url string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.sources, url)
}
