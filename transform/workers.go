package transform

import (
	"sync"
	"sync/atomic"
)

// each calls fn(0) ... fn(n-1) on the site's workers (Options.Workers).
func (s *Site) each(n int, fn func(i int)) {
	workers := min(max(1, s.opts.Workers), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
