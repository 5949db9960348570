package crawl

import (
	"sync"

	"github.com/unpress/unpress/scrape/spill"
)

// frontier is the crawl's queue storage (a colly/v2/queue Storage): the
// requests waiting to be fetched, in order. Colly's in-memory storage
// holds every queued request whole; on a site whose pages link far more
// URLs than the crawl reaches, that is the crawl's memory. The frontier
// keeps the requests in a spill store (memory up to frontierMemory, then a
// temporary file) and only their places in memory: 16 bytes a URL.
type frontier struct {
	mu    sync.Mutex
	store *spill.Store
	refs  []spill.Ref
	next  int // refs[next] is the next request out
}

// frontierMemory is how much of the queue stays in memory before it
// moves to a file: a small site's crawl never touches the disk.
const frontierMemory = 1 << 20

func (f *frontier) Init() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.store == nil {
		f.store = spill.New(frontierMemory)
	}
	return nil
}

func (f *frontier) AddRequest(r []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	ref, err := f.store.Put(r)
	if err != nil {
		return err
	}
	f.refs = append(f.refs, ref)
	return nil
}

// GetRequest pops the next request; nil when the queue is empty.
func (f *frontier) GetRequest() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.next == len(f.refs) {
		return nil, nil
	}
	ref := f.refs[f.next]
	f.next++
	if f.next > 1024 && 2*f.next > len(f.refs) {
		// The places popped are dropped, so that memory holds the
		// waiting ones only.
		f.refs = append(f.refs[:0], f.refs[f.next:]...)
		f.next = 0
	}
	return f.store.Get(ref)
}

func (f *frontier) QueueSize() (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.refs) - f.next, nil
}

// close removes the store's file; the queue is empty by then.
func (f *frontier) close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.store == nil {
		return nil
	}
	err := f.store.Close()
	f.store, f.refs, f.next = nil, nil, 0
	return err
}
