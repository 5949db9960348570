package wprender

import (
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/unpress/unpress/scrape"
)

// knownShortcodes are the shortcodes WordPress core registers, which
// Render expands. Any other [name …] is left as text, as WordPress leaves
// a shortcode whose plugin is gone, and counted.
var knownShortcodes = map[string]bool{
	"caption": true, "wp_caption": true, "gallery": true, "embed": true,
	"video": true, "audio": true, "playlist": true,
}

// shortcodeName is the name in "[name …]", "[/name]" or "[name/]", or "".
func shortcodeName(tag string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(tag, "["), "/")
	n := 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9' || s[n] == '_' || s[n] == '-') {
		n++
	}
	if n == 0 || n < len(s) && !strings.ContainsRune(" \t\n\r\u00a0]/", rune(s[n])) {
		return ""
	}
	return s[:n]
}

// shortcode is one shortcode found in content.
type shortcode struct {
	start, end int // the whole match, brackets and closing tag included
	name       string
	attrs      map[string]string
	positional []string
	content    string
	enclosing  bool
	escaped    bool // [[name]]: printed as [name]
}

// nextShortcode finds the first shortcode of one of the names in s at or
// after from, with WordPress's grammar: "[name attrs]", "[name attrs/]" or
// "[name attrs]content[/name]", where content runs to the first
// "[/name]" and attrs hold no "]" and no "/]".
func nextShortcode(s string, from int, names map[string]bool) (shortcode, bool) {
	for i := from; i < len(s); i++ {
		j := strings.IndexByte(s[i:], '[')
		if j < 0 {
			return shortcode{}, false
		}
		i += j
		name := shortcodeName(s[i:])
		if name == "" || !names[name] || strings.HasPrefix(s[i:], "[/") {
			continue
		}
		sc, ok := parseShortcodeAt(s, i, name)
		if ok {
			return sc, true
		}
	}
	return shortcode{}, false
}

func parseShortcodeAt(s string, i int, name string) (shortcode, bool) {
	sc := shortcode{start: i, name: name}
	escaped := i > 0 && s[i-1] == '['
	p := i + 1 + len(name)
	// Attributes: up to "]" or "/]"; a "/" not before "]" is part of them.
	k := p
	for k < len(s) && s[k] != ']' {
		if s[k] == '/' && k+1 < len(s) && s[k+1] == ']' {
			break
		}
		k++
	}
	if k >= len(s) {
		return sc, false
	}
	rawAttrs := s[p:k]
	if s[k] == '/' {
		sc.end = k + 2
	} else {
		sc.end = k + 1
		closer := "[/" + name + "]"
		if c := strings.Index(s[sc.end:], closer); c >= 0 {
			sc.content = s[sc.end : sc.end+c]
			sc.enclosing = true
			sc.end += c + len(closer)
		}
	}
	if escaped && sc.end < len(s) && s[sc.end] == ']' {
		sc.start--
		sc.end++
		sc.escaped = true
	}
	sc.attrs, sc.positional = parseAttrs(rawAttrs)
	return sc, true
}

var attrRe = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)`)

// parseAttrs reads shortcode attributes as shortcode_parse_atts: name="v",
// name='v', name=v, and positional values. Names are lower-cased.
func parseAttrs(s string) (map[string]string, []string) {
	s = strings.NewReplacer("\u00a0", " ", "\u200b", " ").Replace(s)
	attrs := map[string]string{}
	var pos []string
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] != "":
			attrs[strings.ToLower(m[1])] = m[2]
		case m[3] != "":
			attrs[strings.ToLower(m[3])] = m[4]
		case m[5] != "":
			attrs[strings.ToLower(m[5])] = m[6]
		case m[7] != "" || strings.HasPrefix(m[0], `"`):
			pos = append(pos, m[7])
		case m[8] != "" || strings.HasPrefix(m[0], `'`):
			pos = append(pos, m[8])
		default:
			pos = append(pos, strings.TrimSpace(m[9]))
		}
	}
	// Texturize leaves shortcode attributes alone, but a visual editor
	// may have stored the quotes as entities.
	for k, v := range attrs {
		attrs[k] = html.UnescapeString(v)
	}
	return attrs, pos
}

// unautopRe finds a known shortcode that wpautop wrapped in a paragraph
// of its own.
var unautopRe = regexp.MustCompile(`<p>(?:\s|&nbsp;|\x{00a0})*(\[(?:caption|wp_caption|gallery|embed|video|audio|playlist)[\s\]/][\s\S]*?)(?:\s|&nbsp;|\x{00a0})*</p>`)

// shortcodeUnautop removes the <p> that wpautop put around a shortcode
// standing alone, as WordPress's shortcode_unautop.
func shortcodeUnautop(s string) string {
	return unautopRe.ReplaceAllStringFunc(s, func(m string) string {
		inner := unautopRe.FindStringSubmatch(m)[1]
		name := shortcodeName(inner)
		sc, ok := parseShortcodeAt(inner, 0, name)
		if !ok || sc.end != len(strings.TrimSpace(inner)) {
			return m
		}
		return inner
	})
}

// doShortcodes expands the core shortcodes, as do_shortcode.
func (st *state) doShortcodes(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	return replaceShortcodes(s, knownShortcodes, func(sc shortcode) string {
		if sc.escaped {
			return s[sc.start+1 : sc.end-1]
		}
		return st.expand(sc)
	})
}

// replaceShortcodes replaces each shortcode of one of the names in s by
// what fn makes of it.
func replaceShortcodes(s string, names map[string]bool, fn func(shortcode) string) string {
	var b strings.Builder
	pos := 0
	for {
		sc, ok := nextShortcode(s, pos, names)
		if !ok {
			break
		}
		b.WriteString(s[pos:sc.start])
		b.WriteString(fn(sc))
		pos = sc.end
	}
	b.WriteString(s[pos:])
	return b.String()
}

func (st *state) expand(sc shortcode) string {
	switch sc.name {
	case "caption", "wp_caption":
		return st.caption(sc)
	case "gallery":
		return st.gallery(sc)
	case "embed":
		return st.embed(sc)
	case "video":
		return st.video(sc)
	case "audio":
		return st.audio(sc)
	case "playlist":
		return st.playlist(sc)
	}
	return ""
}

var captionSplit = regexp.MustCompile(`(?is)^((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$`)

// caption is img_caption_shortcode in a theme with HTML5 captions: a
// <figure class="wp-caption"> with a <figcaption>. The caption is the
// caption attribute, else the text after the image.
func (st *state) caption(sc shortcode) string {
	content := strings.TrimSpace(sc.content)
	caption, ok := sc.attrs["caption"]
	if !ok {
		if m := captionSplit.FindStringSubmatch(content); m != nil {
			content, caption = m[1], strings.TrimSpace(m[2])
		}
	}
	width, _ := strconv.Atoi(sc.attrs["width"])
	content = st.doShortcodes(content)
	if width < 1 || caption == "" {
		return content
	}
	align := cmpOr(sc.attrs["align"], "alignnone")
	class := strings.TrimSpace("wp-caption " + align + " " + sc.attrs["class"])
	var b strings.Builder
	b.WriteString("<figure")
	// WordPress names the caption after the id, underscores made dashes.
	capID := "caption-" + strings.ReplaceAll(sc.attrs["id"], "_", "-")
	if id := sc.attrs["id"]; id != "" {
		fmt.Fprintf(&b, ` id="%s" aria-describedby="%s"`, attr(id), attr(capID))
	}
	fmt.Fprintf(&b, ` style="width: %dpx" class="%s">%s<figcaption`, width, attr(class), content)
	if sc.attrs["id"] != "" {
		fmt.Fprintf(&b, ` id="%s"`, attr(capID))
	}
	fmt.Fprintf(&b, ` class="wp-caption-text">%s</figcaption></figure>`, caption)
	return b.String()
}

func cmpOr(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}

func attr(s string) string { return html.EscapeString(s) }

func atoiList(s string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// attachments are the items a gallery or playlist shows: the ids or
// include list in that order, else the post's attached files of the kind,
// by menu order then ID; exclude applies to the latter.
func (st *state) attachments(sc shortcode, kind string) []Attachment {
	if st.opts.Site == nil {
		return nil
	}
	var list []Attachment
	ids := atoiList(cmpOr(sc.attrs["ids"], sc.attrs["include"]))
	if len(ids) > 0 {
		for _, id := range ids {
			if a, ok := st.opts.Site.Attachment(id); ok && strings.HasPrefix(a.Mime, kind) {
				list = append(list, a)
			}
		}
	} else {
		parent := st.opts.PostID
		if id, err := strconv.Atoi(sc.attrs["id"]); err == nil && id > 0 {
			parent = id
		}
		exclude := atoiList(sc.attrs["exclude"])
		for _, a := range st.opts.Site.Attachments(parent) {
			if strings.HasPrefix(a.Mime, kind) && !slices.Contains(exclude, a.ID) {
				list = append(list, a)
			}
		}
	}
	if strings.EqualFold(sc.attrs["order"], "DESC") {
		slices.Reverse(list)
	}
	return list
}

// gallery is gallery_shortcode in a theme with HTML5 galleries: figures
// with the image linked to its attachment page (link="file": to the
// file; link="none": not linked) and the attachment's caption. The image
// is the full-size upload, which the Markdown stage prefers anyway.
func (st *state) gallery(sc shortcode) string {
	items := st.attachments(sc, "image")
	if len(items) == 0 {
		st.warn("a [gallery] whose images are not in the source was left out")
		return ""
	}
	st.galleries++
	n := st.galleries
	cols := 3
	if c, err := strconv.Atoi(sc.attrs["columns"]); err == nil && c > 0 {
		cols = c
	}
	size := cmpOr(sc.attrs["size"], "thumbnail")
	var b strings.Builder
	fmt.Fprintf(&b, "<div id='gallery-%d' class='gallery galleryid-%d gallery-columns-%d gallery-size-%s'>", n, st.opts.PostID, cols, attr(size))
	for _, a := range items {
		img := fmt.Sprintf(`<img src="%s" class="attachment-%s size-%s" alt="%s"`, attr(a.URL), attr(size), attr(size), attr(a.Alt))
		caption := strings.TrimSpace(a.Caption)
		if caption != "" {
			img += fmt.Sprintf(` aria-describedby="gallery-%d-%d"`, n, a.ID)
		}
		img += " />"
		switch sc.attrs["link"] {
		case "file":
			img = fmt.Sprintf("<a href='%s'>%s</a>", attr(a.URL), img)
		case "none":
		default:
			if a.Page != "" {
				img = fmt.Sprintf("<a href='%s'>%s</a>", attr(a.Page), img)
			}
		}
		fmt.Fprintf(&b, "<figure class='gallery-item'><div class='gallery-icon'>%s</div>", img)
		if caption != "" {
			fmt.Fprintf(&b, "<figcaption class='wp-caption-text gallery-caption' id='gallery-%d-%d'>%s</figcaption>", n, a.ID, Texturize(caption))
		}
		b.WriteString("</figure>")
	}
	b.WriteString("</div>\n")
	return b.String()
}

// videoHosts are oEmbed providers whose URLs WordPress turns into players.
var videoHosts = []string{"youtube.com", "youtu.be", "vimeo.com", "dailymotion.com", "ted.com", "tiktok.com", "videopress.com", "wordpress.tv", "soundcloud.com", "spotify.com", "mixcloud.com", "twitter.com", "x.com", "instagram.com", "flickr.com"}

func isProvider(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	host := scrape.BareHost(u.Hostname())
	for _, h := range videoHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// embedFigure is an embed as the block editor saves it: the URL alone in
// the wrapper, which is also what WordPress prints when it cannot reach
// the provider.
func embedFigure(u string) string {
	return fmt.Sprintf(`<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">%s</div></figure>`, html.EscapeString(strings.TrimSpace(u)))
}

// embed is [embed]URL[/embed]: a provider's player, anything else a link.
func (st *state) embed(sc shortcode) string {
	u := strings.TrimSpace(html.UnescapeString(sc.content))
	if u == "" {
		u = sc.attrs["src"]
	}
	if u == "" {
		return ""
	}
	if isProvider(u) {
		return embedFigure(u)
	}
	return fmt.Sprintf(`<a href="%s">%s</a>`, attr(u), html.EscapeString(u))
}

var autoembedLine = regexp.MustCompile(`(?m)^(\s*)(https?://[^\s<>"]+)(\s*)$`)

// autoembed turns a URL standing alone on a line of classic content into
// an embed, as WordPress's WP_Embed::autoembed.
func autoembed(s string) string {
	if !strings.Contains(s, "http") {
		return s
	}
	return autoembedLine.ReplaceAllStringFunc(s, func(m string) string {
		sub := autoembedLine.FindStringSubmatch(m)
		if isProvider(sub[2]) {
			return sub[1] + embedFigure(sub[2]) + sub[3]
		}
		return sub[1] + fmt.Sprintf(`<a href="%s">%s</a>`, attr(sub[2]), html.EscapeString(sub[2])) + sub[3]
	})
}

var mediaTypes = map[string]string{
	"mp4": "video/mp4", "m4v": "video/x-m4v", "webm": "video/webm", "ogv": "video/ogg", "wmv": "video/x-ms-wmv", "flv": "video/x-flv", "mov": "video/quicktime",
	"mp3": "audio/mpeg", "ogg": "audio/ogg", "flac": "audio/flac", "m4a": "audio/mpeg", "wav": "audio/wav", "wma": "audio/x-ms-wma",
}

// mediaSource is the file of a [video] or [audio]: src, else the first of
// the format attributes, else the post's first attached file of the kind.
func (st *state) mediaSource(sc shortcode, formats []string, kind string) string {
	if src := strings.TrimSpace(sc.attrs["src"]); src != "" {
		return src
	}
	for _, f := range formats {
		if v := strings.TrimSpace(sc.attrs[f]); v != "" {
			return v
		}
	}
	if list := st.attachments(shortcode{attrs: map[string]string{}}, kind); len(list) > 0 {
		return list[0].URL
	}
	return ""
}

func sourceType(u string) string {
	p := u
	if pu, err := url.Parse(u); err == nil {
		p = pu.Path
	}
	return mediaTypes[strings.TrimPrefix(strings.ToLower(path.Ext(p)), ".")]
}

// video is wp_video_shortcode: a <video> with its source and a link to the
// file as the fallback; a YouTube or Vimeo URL is an embed.
func (st *state) video(sc shortcode) string {
	src := st.mediaSource(sc, []string{"mp4", "m4v", "webm", "ogv", "wmv", "flv"}, "video")
	if src == "" {
		st.warn("a [video] without a file was left out")
		return ""
	}
	if isProvider(src) {
		return embedFigure(src)
	}
	st.players++
	w, h := cmpOr(sc.attrs["width"], "640"), cmpOr(sc.attrs["height"], "360")
	var b strings.Builder
	fmt.Fprintf(&b, `<div style="width: %spx;" class="wp-video"><video class="wp-video-shortcode" id="video-%d-%d" width="%s" height="%s"`, attr(w), st.opts.PostID, st.players, attr(w), attr(h))
	if p := sc.attrs["poster"]; p != "" {
		fmt.Fprintf(&b, ` poster="%s"`, attr(p))
	}
	fmt.Fprintf(&b, ` preload="%s" controls="controls"><source type="%s" src="%s" /><a href="%s">%s</a></video></div>`,
		attr(cmpOr(sc.attrs["preload"], "metadata")), sourceType(src), attr(src), attr(src), html.EscapeString(src))
	return b.String()
}

// audio is wp_audio_shortcode: an <audio> with its source and a link to
// the file as the fallback.
func (st *state) audio(sc shortcode) string {
	src := st.mediaSource(sc, []string{"mp3", "ogg", "flac", "m4a", "wav"}, "audio")
	if src == "" {
		st.warn("an [audio] without a file was left out")
		return ""
	}
	st.players++
	return fmt.Sprintf(`<audio class="wp-audio-shortcode" id="audio-%d-%d" preload="%s" style="width: 100%%;" controls="controls"><source type="%s" src="%s" /><a href="%s">%s</a></audio>`,
		st.opts.PostID, st.players, attr(cmpOr(sc.attrs["preload"], "none")), sourceType(src), attr(src), attr(src), html.EscapeString(src))
}

// playlist is [playlist]: WordPress draws a script-driven player; the
// static equivalent is the list of its files.
func (st *state) playlist(sc shortcode) string {
	kind := cmpOr(sc.attrs["type"], "audio")
	items := st.attachments(sc, kind)
	if len(items) == 0 {
		st.warn("a [playlist] whose files are not in the source was left out")
		return ""
	}
	var b strings.Builder
	b.WriteString(`<ol class="wp-playlist">`)
	for _, a := range items {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, attr(a.URL), html.EscapeString(cmpOr(a.Title, path.Base(a.URL))))
	}
	b.WriteString("</ol>\n")
	return b.String()
}

// unknownShortcode matches what looks like a shortcode: a name, then
// attributes or the end of the tag.
var unknownShortcode = regexp.MustCompile(`\[([A-Za-z][\w-]*)(\s[^\]\[]*?)?/?\]`)

// countUnknown counts the shortcodes left as text: a bracketed name with
// attributes (name=…), a closing [/name], or a name with - or _. "[sic]"
// and "[1]" are text, not shortcodes.
func (st *state) countUnknown(s string) {
	if !strings.Contains(s, "[") {
		return
	}
	for _, m := range unknownShortcode.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > 0 && s[m[0]-1] == '[' {
			continue // escaped
		}
		name := s[m[2]:m[3]]
		if knownShortcodes[strings.ToLower(name)] {
			continue
		}
		hasAttrs := m[4] >= 0 && strings.Contains(s[m[4]:m[5]], "=")
		if hasAttrs || strings.ContainsAny(name, "-_") || strings.Contains(s[m[1]:], "[/"+name+"]") {
			st.unknown[name]++
		}
	}
}
