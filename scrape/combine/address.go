package combine

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/unpress/unpress/scrape"
)

// hostLike is a bare host name or address, with a port or a path
// perhaps: example.org, 127.0.0.1:8080, localhost:1313/blog.
var hostLike = regexp.MustCompile(`^(localhost|[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+|\[[0-9a-fA-F:]+\])(:[0-9]+)?(/.*)?$`)

// LooksLikeHost reports whether s is a site's address without its scheme.
func LooksLikeHost(s string) bool {
	return hostLike.MatchString(s) && !strings.HasSuffix(strings.ToLower(s), ".xml")
}

// CheckAddress refuses an address (of flag, --from or --also) that names
// nothing Open reads, saying what was likely meant: a URL of another
// scheme, or a host without its scheme that is no folder here (a newcomer's
// "example.org" is not a folder not found, but a missing http://).
func CheckAddress(flag, from string) error {
	if scheme, _, ok := strings.Cut(from, "://"); ok && !scrape.IsWebURL(from) && !strings.ContainsAny(scheme, `/\.`) {
		return fmt.Errorf("%s %s: unsupported scheme %q: give an http:// or https:// address, a folder of saved pages or an export .xml file", flag, from, scheme)
	}
	if _, err := os.Stat(from); errors.Is(err, os.ErrNotExist) && LooksLikeHost(from) {
		u := "http://" + from
		if !strings.Contains(from, "/") {
			u += "/"
		}
		return fmt.Errorf("%s %s: no such folder; did you mean %s?", flag, from, u)
	}
	return nil
}
