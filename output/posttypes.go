package output

import (
	"fmt"
	"path"
	"strings"

	"github.com/unpress/unpress/transform"
)

// Custom post types (transform.Head.Type: "portfolio", "product") are
// written like posts, each type in a folder of its own beside the posts'
// section: content/portfolio/x.md for Hugo, src/pages/portfolio/x.md for
// Decap, portfolio/x.md for Jekyll and Eleventy (with the permalink they
// write for every post), src/content/portfolio/x.md for Astro (a
// collection of its own). The folder is the type's name unless the config
// names another (SetTypeFolder).

// SetTypeFolder places the posts of custom type typ in folder (relative
// to the content folder) instead of a folder named for the type. The
// error names what is wrong with folder.
func (p *Preset) SetTypeFolder(typ, folder string) error {
	clean := path.Clean(strings.Trim(folder, "/"))
	if folder == "" || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") || path.IsAbs(folder) {
		return fmt.Errorf("post type %s: folder %q is not a folder inside the content folder", typ, folder)
	}
	for s := range strings.SplitSeq(clean, "/") {
		if SafeSlug(s) != s {
			return fmt.Errorf("post type %s: folder %q: %q is not a safe file name (%q would be)", typ, folder, s, SafeSlug(s))
		}
	}
	if p.TypeFolders == nil {
		p.TypeFolders = map[string]string{}
	}
	p.TypeFolders[typ] = clean
	return nil
}

// typeFolder is the folder, under the content folder, of a custom type's
// posts.
func (p *Preset) typeFolder(typ string) string {
	if f, ok := p.TypeFolders[typ]; ok {
		return f
	}
	if s := SafeSlug(typ); s != "" {
		return s
	}
	return "types"
}

// typePath is where a post of a custom type goes, with its stem numbered
// apart already.
func (p *Preset) typePath(post *transform.Head, stem string) (rel string, reserved bool) {
	return path.Join(p.ContentDir, p.typeFolder(post.Type), stem+".md"), p.isIndexStem(stem)
}
