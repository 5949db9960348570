// Package spill keeps what a run has produced but does not need again
// soon (page bodies, parked metadata, report entries) in an unlinked
// temporary file, so that memory holds the work in flight rather than the
// site. Small runs never touch the disk: data stays in memory until it
// passes a threshold.
package spill

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// Ref is a record's place in a Store.
type Ref struct {
	off int64
	n   int64
}

// Store is an append-only record store. It is safe for concurrent use.
type Store struct {
	mu       sync.Mutex
	memLimit int64
	mem      []byte   // the records, while they fit in memLimit
	f        *os.File // the records, once they do not
	size     int64
	err      error
	// inMemory is set when no temporary file could be made (the CLI
	// warns about that up front).
	inMemory bool
}

// New returns an empty store that moves to a temporary file once it holds
// more than memLimit bytes.
func New(memLimit int64) *Store { return &Store{memLimit: memLimit} }

// Put appends one record.
func (s *Store) Put(data []byte) (Ref, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return Ref{}, s.err
	}
	ref := Ref{off: s.size, n: int64(len(data))}
	if s.f == nil && !s.inMemory && s.size+ref.n > s.memLimit {
		f, err := os.CreateTemp("", "unpress-spill-*")
		if err != nil {
			// Nothing is lost for want of a temporary file: the records
			// stay in memory, which then grows with the run.
			s.inMemory = true
		} else {
			// Unlinked at once: the file goes away with the process,
			// however it ends.
			os.Remove(f.Name())
			s.f = f
			if _, err := s.f.Write(s.mem); err != nil {
				s.err = fmt.Errorf("spill: %w", err)
				return Ref{}, s.err
			}
			s.mem = nil
		}
	}
	if s.f == nil {
		s.mem = append(s.mem, data...)
	} else if _, err := s.f.Write(data); err != nil {
		s.err = fmt.Errorf("spill: %w", err)
		return Ref{}, s.err
	}
	s.size += ref.n
	return ref, nil
}

// Get reads one record back into a new slice.
func (s *Store) Get(ref Ref) ([]byte, error) {
	return s.AppendTo(nil, ref)
}

// AppendTo reads one record back, appending it to buf.
func (s *Store) AppendTo(buf []byte, ref Ref) ([]byte, error) {
	s.mu.Lock()
	if ref.off+ref.n > s.size {
		s.mu.Unlock()
		return buf, fmt.Errorf("spill: record at %d beyond the end (%d)", ref.off, s.size)
	}
	if s.f == nil {
		buf = append(buf, s.mem[ref.off:ref.off+ref.n]...)
		s.mu.Unlock()
		return buf, nil
	}
	f := s.f
	s.mu.Unlock()
	start := len(buf)
	buf = append(buf, make([]byte, ref.n)...)
	if _, err := f.ReadAt(buf[start:], ref.off); err != nil && err != io.EOF {
		return buf[:start], fmt.Errorf("spill: %w", err)
	}
	return buf, nil
}

// Close drops the records and removes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mem = nil
	if s.err == nil {
		s.err = fmt.Errorf("spill: %w", os.ErrClosed)
	}
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
