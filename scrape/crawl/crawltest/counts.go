package crawltest

import (
	"maps"
	"net/http"
	"slices"
	"time"
)

// Conditional lists the request URIs asked for with validators
// (If-None-Match or If-Modified-Since), with their counts.
func (s *Server) Conditional() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.conditional)
}

// NotModified lists the request URIs answered 304, with their counts.
func (s *Server) NotModified() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.notModified)
}

// ResetCounts forgets the requests counted so far (Hits, Served,
// Requests, Total, Conditional, NotModified), to count one run's.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits, s.served, s.times = map[string]int{}, map[string]int{}, nil
	s.conditional, s.notModified, s.ok = map[string]int{}, map[string]int{}, map[string]int{}
}

// OK lists the request URIs answered 200, with their counts: bodies sent
// in full.
func (s *Server) OK() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.ok)
}

// statusWriter notes the status of an answer.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Hits is how many requests asked for a request URI ("/slow/").
func (s *Server) Hits(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[uri]
}

// Served lists the request URIs answered completely, with their counts.
func (s *Server) Served() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[string]int, len(s.served))
	for k, v := range s.served {
		m[k] = v
	}
	return m
}

// Requests lists every request URI asked for, with its count.
func (s *Server) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[string]int, len(s.hits))
	for k, v := range s.hits {
		m[k] = v
	}
	return m
}

// Total is the number of requests.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.times)
}

// Times are the arrival times of the requests.
func (s *Server) Times() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.times)
}

// PeakInFlight is the largest number of requests served at once.
func (s *Server) PeakInFlight() int64 { return s.peak.Load() }

// UserAgents lists the User-Agent headers seen.
func (s *Server) UserAgents() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for a := range s.agents {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}
