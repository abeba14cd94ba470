package exchange

import (
	"encoding/base64"
	"net/url"
	"regexp"
)

var macro = regexp.MustCompile(`\$\{(AUCTION_[A-Z_]+)(:[A-Z0-9]+)?\}`)

// Expand fills 2.x macros in a notice URL. A known macro without a value
// becomes "", as section 4.4 requires; anything else is left untouched.
func Expand(tmpl string, vals map[string]string, known map[string]bool) string {
	return macro.ReplaceAllStringFunc(tmpl, func(m string) string {
		g := macro.FindStringSubmatch(m)
		if !known[g[1]] {
			return m
		}
		v := vals[g[1]] // "AUDIT" when rendering for review
		switch g[2] {
		case ":B64":
			v = base64.URLEncoding.EncodeToString([]byte(v))
		case "":
		default: // an encoding we do not support: never send the value in clear
			return m
		}
		return url.QueryEscape(v)
	})
}
