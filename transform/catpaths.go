package transform

import (
	"strings"
	"sync"
)

// Two distinct categories may share a name: WordPress keeps them apart by
// slug ("foo", and "foo-bar" under "Bar", both named "Foo"). Written by
// name alone they would be one category on the new site, so a name that
// stands for more than one category path anywhere on the site is written
// as its path instead, "Bar/Foo" (a path with one level, "Foo", stays as
// it is), and the report keeps every path.

// catNames gathers, for each category name, the distinct paths it names
// across the site, as posts are resolved (by several workers).
type catNames struct {
	mu    sync.Mutex
	paths map[string]map[string]bool // folded name -> folded paths
}

func (c *catNames) add(cat Category) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paths == nil {
		c.paths = map[string]map[string]bool{}
	}
	n := fold(cat.Name)
	if c.paths[n] == nil {
		c.paths[n] = map[string]bool{}
	}
	c.paths[n][catPathKey(cat)] = true
}

// disambiguate writes as its path each of p's categories whose name
// stands for more than one category. Call it once every post is resolved.
func (c *catNames) disambiguate(p *Post) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, cat := range p.Categories {
		if len(c.paths[fold(cat.Name)]) > 1 && len(cat.Path) > 1 {
			p.Categories[i].Name = strings.Join(cat.Path, "/")
		}
	}
}

// catPathKey is a category's identity: its path, root first.
func catPathKey(cat Category) string {
	path := cat.Path
	if len(path) == 0 {
		path = []string{cat.Name}
	}
	return fold(strings.Join(path, "\x00"))
}
