package crawl

import (
	"bytes"
	"fmt"
	"testing"
)

// TestFrontierOrder: the queue's storage gives back every request in the
// order it was added, across the move from memory to its file, with
// requests taken out while others come in.
func TestFrontierOrder(t *testing.T) {
	var f frontier
	if err := f.Init(); err != nil {
		t.Fatal(err)
	}
	defer f.close()
	req := func(i int) []byte { return fmt.Appendf(bytes.Repeat([]byte{'x'}, 900), "%d", i) }
	const n = 5000 // 4.5 MB: past frontierMemory
	next := 0
	for i := range n {
		if err := f.AddRequest(req(i)); err != nil {
			t.Fatal(err)
		}
		if i%3 == 2 {
			got, err := f.GetRequest()
			if err != nil || !bytes.Equal(got, req(next)) {
				t.Fatalf("request %d: %q, %v", next, got, err)
			}
			next++
		}
	}
	if size, _ := f.QueueSize(); size != n-next {
		t.Errorf("QueueSize = %d, want %d", size, n-next)
	}
	for ; next < n; next++ {
		got, err := f.GetRequest()
		if err != nil || !bytes.Equal(got, req(next)) {
			t.Fatalf("request %d: %.20q, %v", next, got, err)
		}
	}
	if got, err := f.GetRequest(); got != nil || err != nil {
		t.Errorf("empty queue gave %q, %v", got, err)
	}
	if len(f.refs) > 1024+n/2 {
		t.Errorf("%d places kept for an empty queue", len(f.refs))
	}
}
