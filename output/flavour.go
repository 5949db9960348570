package output

import (
	"net/url"
	"strings"

	"github.com/unpress/unpress/scrape"
)

// videoEmbed is a YouTube or Vimeo video named by the canonical URL the
// converter passes to Embed.
type videoEmbed struct {
	provider, id string
	start        string // YouTube's start time in seconds, if any
}

func parseVideo(raw string) (videoEmbed, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return videoEmbed{}, false
	}
	switch scrape.BareHost(u.Host) {
	case "youtube.com":
		q := u.Query()
		if id := q.Get("v"); u.Path == "/watch" && id != "" && safeID(id) {
			return videoEmbed{provider: "youtube", id: id, start: strings.TrimSuffix(q.Get("t"), "s")}, true
		}
	case "vimeo.com":
		if id := strings.Trim(u.Path, "/"); id != "" && !strings.Contains(id, "/") && safeID(id) && u.RawQuery == "" {
			return videoEmbed{provider: "vimeo", id: id}, true
		}
	}
	return videoEmbed{}, false
}

func safeID(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// hugoEmbed uses Hugo's built-in youtube and vimeo shortcodes; a start
// time, which those shortcodes cannot take in every Hugo version, keeps
// the link.
func hugoEmbed(raw string) string {
	if v, ok := parseVideo(raw); ok && v.start == "" {
		return "{{< " + v.provider + " " + v.id + " >}}"
	}
	return embedLink(raw)
}

// htmlEmbed writes the player as HTML, which Jekyll (kramdown), Eleventy
// (markdown-it) and Astro pass through: Markdown has no way to say it.
func htmlEmbed(raw string) string {
	v, ok := parseVideo(raw)
	if !ok {
		return embedLink(raw)
	}
	src := "https://www.youtube-nocookie.com/embed/" + v.id
	title := "YouTube video"
	if v.provider == "vimeo" {
		src, title = "https://player.vimeo.com/video/"+v.id, "Vimeo video"
	} else if v.start != "" && safeID(v.start) {
		src += "?start=" + v.start
	}
	return `<iframe src="` + src + `" title="` + title + `" width="560" height="315" loading="lazy" allowfullscreen></iframe>`
}

// embedLink is the converter's default embed, a Markdown link with the
// URL as its text, escaped as the converter escapes link text.
func embedLink(raw string) string {
	var text strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\\', '[', ']', '`', '*', '<', '_':
			text.WriteByte('\\')
		}
		text.WriteByte(c)
	}
	dest := strings.NewReplacer(" ", "%20", "\t", "%09", "\n", "%0A", "\r", "%0D", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(raw)
	return "[" + text.String() + "](" + dest + ")"
}

// liquidRaw keeps Jekyll's Liquid away from a body that holds "{{" or
// "{%": the text is shown as written instead of being run as a template.
func liquidRaw(body string) string {
	if !strings.Contains(body, "{{") && !strings.Contains(body, "{%") {
		return body
	}
	// "{% endraw %}" inside the body would end the raw block early.
	body = strings.ReplaceAll(body, "{% endraw %}", "{% endraw %}{{ '{% endraw %}' }}{% raw %}")
	return "{% raw %}\n" + body + "\n{% endraw %}"
}
