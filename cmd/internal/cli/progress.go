package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// Phases are the lines of the display, in their order.
var Phases = []string{"discover", "fetch", "extract", "write", "media"}

// counted are the phases whose total is never known: a count and a rate,
// no bar.
var counted = map[string]bool{"discover": true, "media": true}

// Progress shows a migration's phases, one line each with its count,
// rate and ETA: on a terminal (not a dumb one) redrawn in place by mpb,
// sized to its width; elsewhere a plain timestamped line per active phase
// every PlainEvery. The library reports counts through callbacks (Total,
// Add, Set); only this draws. Safe for concurrent use.
type Progress struct {
	mu     sync.Mutex
	out    io.Writer
	mpb    *mpb.Progress // nil when plain
	width  func() int
	phases map[string]*phase
	stop   chan struct{}
	done   sync.WaitGroup
	closed sync.Once
}

type phase struct {
	name        string
	n, total    int64
	start, last time.Time
	bar         *mpb.Bar
}

// PlainEvery is how often the plain lines come.
var PlainEvery = 10 * time.Second

// NewProgress draws on w (stderr).
func NewProgress(w io.Writer) *Progress {
	p := &Progress{out: w, phases: map[string]*phase{}, stop: make(chan struct{})}
	if f, ok := w.(*os.File); ok && IsTerminal(w) && !dumb() {
		p.width = termWidth(f)
		p.mpb = mpb.New(mpb.WithOutput(w), mpb.WithRefreshRate(150*time.Millisecond))
		return p
	}
	p.done.Add(1)
	go p.plain()
	return p
}

// Total sets a phase's total (0 unknown).
func (p *Progress) Total(name string, n int) {
	p.update(name, func(ph *phase) { ph.total = int64(n) })
}

// Add counts n more done in a phase.
func (p *Progress) Add(name string, n int) { p.update(name, func(ph *phase) { ph.n += int64(n) }) }

// Set is how many are done in a phase so far.
func (p *Progress) Set(name string, n int) { p.update(name, func(ph *phase) { ph.n = int64(n) }) }

// update changes a phase under the lock, and its bar after: mpb's
// goroutines call the decorators, which take the lock too.
func (p *Progress) update(name string, f func(*phase)) {
	p.mu.Lock()
	ph := p.phases[name]
	fresh := ph == nil
	if fresh {
		ph = &phase{name: name, start: time.Now()}
		p.phases[name] = ph
	}
	f(ph)
	ph.last = time.Now()
	bar, total, n := ph.bar, max(ph.total, ph.n), ph.n
	p.mu.Unlock()
	if p.mpb == nil {
		return
	}
	if fresh {
		bar = p.addBar(ph)
		p.mu.Lock()
		ph.bar = bar
		p.mu.Unlock()
	}
	if bar != nil {
		bar.SetTotal(total, false)
		bar.SetCurrent(n)
	}
}

// addBar is a phase's line: its name, the counts, the rate and the ETA,
// and a bar in what width is left (none for a phase without a total).
func (p *Progress) addBar(ph *phase) *mpb.Bar {
	order := 0
	for i, name := range Phases {
		if name == ph.name {
			order = i
		}
	}
	text := decor.Any(func(decor.Statistics) string {
		p.mu.Lock()
		defer p.mu.Unlock()
		return ph.line(false)
	})
	var filler mpb.BarFillerBuilder = mpb.BarStyle().Lbound(" [").Rbound("]")
	if counted[ph.name] {
		filler = mpb.NopStyle()
	}
	return p.mpb.New(0, filler, mpb.BarPriority(order), mpb.PrependDecorators(text))
}

// line is a phase's state: "fetch      120/130   45.2/s  ETA 0:03".
func (ph *phase) line(stamp bool) string {
	counts := fmt.Sprint(ph.n)
	if ph.total > 0 && !counted[ph.name] {
		counts = fmt.Sprintf("%d/%d", ph.n, ph.total)
	}
	rate, eta := 0.0, ""
	if secs := time.Since(ph.start).Seconds(); secs > 0.2 {
		rate = float64(ph.n) / secs
	}
	if left := ph.total - ph.n; rate > 0 && left > 0 && !counted[ph.name] {
		d := time.Duration(float64(left)/rate) * time.Second
		eta = fmt.Sprintf("ETA %d:%02d", int(d.Minutes()), int(d.Seconds())%60)
	}
	s := fmt.Sprintf("%-8s %13s %8.1f/s  %-9s", ph.name, counts, rate, eta)
	if stamp {
		s = time.Now().Format("15:04:05 ") + strings.TrimRight(s, " ")
	}
	return s
}

// plain prints the active phases every PlainEvery, for a log.
func (p *Progress) plain() {
	defer p.done.Done()
	t := time.NewTicker(PlainEvery)
	defer t.Stop()
	seen := map[string]time.Time{}
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
		p.mu.Lock()
		for _, name := range Phases {
			if ph := p.phases[name]; ph != nil && ph.last != seen[name] {
				seen[name] = ph.last
				fmt.Fprintln(p.out, ph.line(true))
			}
		}
		p.mu.Unlock()
	}
}

// termWidth reads the terminal's width each time: it may be resized.
func termWidth(f *os.File) func() int {
	return func() int {
		if c, _, err := term.GetSize(int(f.Fd())); err == nil && c > 0 {
			return c
		}
		return 80
	}
}

// Writer is where messages go while the display is up: above the lines on
// a terminal, each wrapped to its width (a longer line would wrap there,
// and the redraw would then leave its rows behind); else straight out.
func (p *Progress) Writer() io.Writer {
	if p.mpb == nil {
		return p.out
	}
	return &wrapWriter{width: p.width, emit: func(b []byte) {
		if _, err := p.mpb.Write(b); err != nil {
			p.out.Write(b) // the display is down
		}
	}}
}

// Wrapping is w with each line wrapped to the width of the terminal it is,
// or w itself when it is none.
func Wrapping(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok || !IsTerminal(w) || dumb() {
		return w
	}
	return &wrapWriter{width: termWidth(f), emit: func(b []byte) { w.Write(b) }}
}

// wrapWriter wraps each whole line it is given.
type wrapWriter struct {
	width func() int
	emit  func([]byte)
	buf   []byte
}

func (w *wrapWriter) Write(b []byte) (int, error) {
	w.buf = append(w.buf, b...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(b), nil
		}
		line := string(w.buf[:i])
		w.buf = w.buf[i+1:]
		w.emit([]byte(Wrap(line, w.width())))
	}
}

// Wrap breaks s into lines of at most width columns, at spaces when it
// can, continuing lines indented by two.
func Wrap(s string, width int) string {
	var out strings.Builder
	indent := ""
	for {
		r := []rune(s)
		if len(r) <= width-len(indent) {
			out.WriteString(indent + s + "\n")
			return out.String()
		}
		cut := width - len(indent)
		if sp := strings.LastIndex(string(r[:cut]), " "); sp > len(string(r[:cut]))/2 {
			cut = len([]rune(string(r[:cut])[:sp]))
		}
		out.WriteString(indent + strings.TrimRight(string(r[:cut]), " ") + "\n")
		s = strings.TrimLeft(string(r[cut:]), " ")
		indent = "  "
	}
}

// Close ends the display, leaving each phase's last line on a terminal;
// once, and nothing on a nil Progress.
func (p *Progress) Close() {
	if p != nil {
		p.closed.Do(p.close)
	}
}

func (p *Progress) close() {
	close(p.stop)
	p.done.Wait()
	if p.mpb == nil {
		return
	}
	p.mu.Lock()
	var bars []*mpb.Bar
	for _, ph := range p.phases {
		bars = append(bars, ph.bar)
	}
	p.mu.Unlock()
	for _, b := range bars {
		if b != nil {
			b.SetTotal(-1, true)
		}
	}
	p.mpb.Wait()
}
