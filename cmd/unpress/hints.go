package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/crawl"
)

// Errors that say the next step: a newcomer's slips (a bare host for a
// URL, a delay without its unit, the site as an argument) are caught
// before anything runs, each with the command line that was meant.

// duration is a time.Duration flag whose error for a bare number says
// which units to write.
type duration time.Duration

func (d *duration) String() string { return time.Duration(*d).String() }
func (d *duration) Type() string   { return "duration" }
func (d *duration) Set(v string) error {
	t, err := time.ParseDuration(v)
	if err != nil {
		if n, nerr := strconv.ParseFloat(v, 64); nerr == nil && n != 0 {
			return fmt.Errorf("a duration needs its unit: use %ss or 500ms", v)
		}
		return errors.New("not a duration: use 5s or 500ms")
	}
	*d = duration(t)
	return nil
}

// checkMigrateArgs refuses positional arguments, pointing a path or a URL at
// --from (unpress migrate mirror/).
func checkMigrateArgs(args []string) error {
	if len(args) == 0 {
		return nil
	}
	a := args[0]
	if _, err := os.Stat(a); err == nil || scrape.IsWebURL(a) || looksLikeHost(a) {
		return usagef("migrate: unexpected argument %q: name the site with --from, as in --from %s", a, a)
	}
	return usagef("migrate: unexpected argument %q", a)
}

// hostLike is a bare host name or address, with a port or a path
// perhaps: example.org, 127.0.0.1:8080, localhost:1313/blog.
var hostLike = regexp.MustCompile(`^(localhost|[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+|\[[0-9a-fA-F:]+\])(:[0-9]+)?(/.*)?$`)

func looksLikeHost(s string) bool { return hostLike.MatchString(s) && !strings.HasSuffix(s, ".xml") }

// checkSource refuses a --from or --also that can be nothing unpress
// reads: a URL of another scheme, or a host without its scheme that is
// not a folder here.
func checkSource(flag, from string) error {
	if scheme, _, ok := strings.Cut(from, "://"); ok && !scrape.IsWebURL(from) && !strings.ContainsAny(scheme, `/\.`) {
		return usagef("%s %s: unsupported scheme %q: give an http:// or https:// address, a folder of saved pages or an export .xml file", flag, from, scheme)
	}
	if _, err := os.Stat(from); errors.Is(err, os.ErrNotExist) && looksLikeHost(from) {
		u := "http://" + from
		if !strings.Contains(from, "/") {
			u += "/"
		}
		return usagef("%s %s: no such folder; did you mean %s?", flag, from, u)
	}
	return nil
}

// unreachable explains a site that could not be reached: the address,
// why, and the two ways on.
func unreachable(err error) error {
	var ue *crawl.UnreachableError
	if !errors.As(err, &ue) {
		return err
	}
	return fmt.Errorf("cannot reach %s: %s\n"+
		"  check that the site is up and the address is right (open it in a browser),\n"+
		"  or migrate a saved copy of it instead: --from DIR (a folder of saved pages)", ue.URL, ue.Reason())
}
