package spill

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestStore puts records past the memory threshold from several
// goroutines and reads each back, from memory and from the file.
func TestStore(t *testing.T) {
	for _, limit := range []int64{0, 1 << 10, 1 << 30} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			s := New(limit)
			defer s.Close()
			var mu sync.Mutex
			refs := map[string]Ref{}
			var wg sync.WaitGroup
			for g := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range 200 {
						rec := bytes.Repeat([]byte(fmt.Sprintf("g%d-i%d;", g, i)), i%7+1)
						ref, err := s.Put(rec)
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						refs[string(rec)] = ref
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			if got := len(refs); got != 800 {
				t.Fatalf("%d records, want 800", got)
			}
			for want, ref := range refs {
				got, err := s.Get(ref)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != want {
					t.Fatalf("got %q, want %q", got, want)
				}
			}
			if limit < 1<<20 && s.f == nil {
				t.Errorf("limit %d: the store never moved to a file", limit)
			}
			if limit == 1<<30 && s.f != nil {
				t.Errorf("a small store moved to a file")
			}
			if _, err := s.Get(Ref{off: s.size, n: 1}); err == nil {
				t.Error("a record beyond the end read without error")
			}
		})
	}
}

func TestClosed(t *testing.T) {
	s := New(0)
	if _, err := s.Put([]byte("x")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.Put([]byte("y")); err == nil {
		t.Error("Put after Close succeeded")
	}
}

// Without a usable temporary folder the store keeps its records in
// memory and loses nothing.
func TestNoTempFolder(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	s := New(16)
	defer s.Close()
	var refs []Ref
	for i := range 100 {
		ref, err := s.Put([]byte(fmt.Sprintf("record %d", i)))
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	for i, ref := range refs {
		if got, err := s.Get(ref); err != nil || string(got) != fmt.Sprintf("record %d", i) {
			t.Fatalf("record %d: %q %v", i, got, err)
		}
	}
}
