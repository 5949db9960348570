// Package wpapitest serves a WordPress REST API from saved responses, for
// tests: /wp-json/ (the index) and /wp-json/wp/v2/{route} paged as
// WordPress pages them, with X-WP-Total and X-WP-TotalPages, on 127.0.0.1.
package wpapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Server is a fake REST API over the files {route}-1.json of a folder
// (the corpus's rest/), each a JSON list.
type Server struct {
	*httptest.Server
	// Home is what the index says the site's address is.
	Home string
	// PageSize is the most items a page holds, whatever per_page asks:
	// smaller than 100 to make a client follow X-WP-TotalPages.
	PageSize int
	// Requests counts every request; Failures makes the next N requests
	// of a route fail with 503 (then 429 with Retry-After: 0).
	Requests atomic.Int64

	mu       sync.Mutex
	routes   map[string][]json.RawMessage
	failures map[string]int
	// NoHeaders leaves out X-WP-Total and X-WP-TotalPages.
	NoHeaders bool
	// TotalPages, when set, is what X-WP-TotalPages claims (a broken or
	// hostile server); the pages past the items then answer an empty list,
	// or, with Endless, the last page again.
	TotalPages int
	Endless    bool
	// Files are other paths the server answers (uploads), by path.
	Files map[string][]byte
}

// New serves dir's responses.
func New(dir, home string, pageSize int) (*Server, error) {
	s := &Server{Home: home, PageSize: pageSize, routes: map[string][]json.RawMessage{}, failures: map[string]int{}, Files: map[string][]byte{}}
	files, err := filepath.Glob(filepath.Join(dir, "*-1.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		s.routes[strings.TrimSuffix(filepath.Base(f), "-1.json")] = items
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s, nil
}

// Root is the API root URL.
func (s *Server) Root() string { return s.URL + "/wp-json/" }

// Set replaces a route's items.
func (s *Server) Set(route string, items []json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[route] = items
}

// Fail makes the next n requests of route fail.
func (s *Server) Fail(route string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[route] = n
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.Requests.Add(1)
	if data, ok := s.Files[r.URL.Path]; ok {
		w.Write(data)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if r.URL.Path == "/wp-json/" || r.URL.Path == "/wp-json" {
		json.NewEncoder(w).Encode(map[string]any{"name": "Test", "url": s.Home, "home": s.Home, "namespaces": []string{"oembed/1.0", "wp/v2"}})
		return
	}
	route, ok := strings.CutPrefix(r.URL.Path, "/wp-json/wp/v2/")
	s.mu.Lock()
	items, found := s.routes[route]
	fail := s.failures[route]
	if fail > 0 {
		s.failures[route] = fail - 1
	}
	s.mu.Unlock()
	if !ok || !found {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}`)
		return
	}
	if fail > 0 {
		if fail%2 == 0 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		} else {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		return
	}
	per := 10
	if v, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && v > 0 {
		per = min(v, 100)
	}
	if s.PageSize > 0 {
		per = min(per, s.PageSize)
	}
	page := 1
	if v, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && v > 0 {
		page = v
	}
	pages := max(1, (len(items)+per-1)/per)
	if !s.NoHeaders {
		claimed := pages
		if s.TotalPages > 0 {
			claimed = s.TotalPages
		}
		w.Header().Set("X-WP-Total", strconv.Itoa(len(items)))
		w.Header().Set("X-WP-TotalPages", strconv.Itoa(claimed))
	}
	if page > pages && s.TotalPages > 0 {
		if !s.Endless {
			fmt.Fprint(w, "[]")
			return
		}
		page = pages
	}
	if page > pages {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}`)
		return
	}
	lo, hi := (page-1)*per, min(page*per, len(items))
	json.NewEncoder(w).Encode(items[lo:hi])
}
