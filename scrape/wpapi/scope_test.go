package wpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestRedirectOffHost: an API whose index or collections redirect to
// another host is not followed there, and the error names both URLs.
func TestRedirectOffHost(t *testing.T) {
	var hits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`[]`))
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/wp-json/" {
			w.Write([]byte(`{"home":"` + "http://" + r.Host + `/","namespaces":["wp/v2"]}`))
			return
		}
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusMovedPermanently)
	}))
	defer srv.Close()
	_, err := New(context.Background(), srv.URL+"/wp-json/", fast)
	if err == nil || !strings.Contains(err.Error(), "redirects to "+other.URL+"/wp-json/wp/v2/users") || !strings.Contains(err.Error(), "another host: not followed") {
		t.Errorf("err = %v, want the off-host redirect named", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests to the other host, want 0", n)
	}
}
