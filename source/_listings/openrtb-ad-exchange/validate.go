// Package exchange holds the listings of "Building an OpenRTB-Compliant Ad Exchange": a
// bid validator that answers with OpenRTB 3.0 loss reason codes, the decoder that feeds
// it, and macro expansion for notice URLs.
package exchange

import (
	"regexp"
	"strings"
)

type Money struct {
	Micros int64
	Cur    string
}

// Imp, Request and Bid flatten the payloads once per auction.
type Imp struct {
	Floor  Money
	Secure bool
	Sizes  map[[2]int]bool
	MTypes map[int]bool // 1 banner, 2 video, 3 audio, 4 native
}

type Request struct {
	ID      string
	Imps    map[string]Imp
	Cur     map[string]bool
	BAdv    map[string]bool     // lower-case domains
	RatePPM map[[2]string]int64 // {from, to}: units of to per million units of from
}

type Bid struct {
	ID, ImpID, CrID, AdM, NURL string
	Price                      Money
	ADomain                    []string
	MType, W, H                int
}

func anyIn(xs []string, set map[string]bool) bool {
	for _, x := range xs {
		if set[strings.ToLower(x)] {
			return true
		}
	}
	return false
}

// Loss reason codes, OpenRTB 3.0 list.
const (
	LossInvalidResponse  = 3
	LossInvalidAuctionID = 5
	LossInvalidAdomain   = 6
	LossMissingMarkup    = 7
	LossMissingCreative  = 8
	LossBelowFloor       = 100
	LossSize             = 203
	LossFormat           = 204
	LossAdvertiser       = 205
	LossNotSecure        = 207
)

// ValidateBid returns 0 if the bid may enter the auction, else a loss code.
func ValidateBid(req *Request, respID string, b *Bid) int {
	imp, ok := req.Imps[b.ImpID]
	switch {
	case respID != req.ID:
		return LossInvalidAuctionID
	case b.ID == "" || !ok || !req.Cur[b.Price.Cur] || b.Price.Micros <= 0:
		return LossInvalidResponse
	case b.CrID == "":
		return LossMissingCreative
	case b.AdM == "" && b.NURL == "":
		return LossMissingMarkup
	case len(b.ADomain) == 0:
		return LossInvalidAdomain
	case anyIn(b.ADomain, req.BAdv):
		return LossAdvertiser
	case !imp.MTypes[b.MType]:
		return LossFormat
	case b.MType == 1 && !imp.Sizes[[2]int{b.W, b.H}]:
		return LossSize
	case imp.Secure && insecure(b.AdM):
		return LossNotSecure
	}
	if b.Price.Micros < req.inCur(imp.Floor, b.Price.Cur) {
		return LossBelowFloor
	}
	return 0
}

// inCur converts a floor into the bid's currency, rounding up.
func (r *Request) inCur(m Money, cur string) int64 {
	if m.Cur == cur || m.Micros == 0 {
		return m.Micros
	}
	ppm, ok := r.RatePPM[[2]string{m.Cur, cur}]
	if !ok {
		return 1<<63 - 1 // no rate: fail closed
	}
	return (m.Micros*ppm + 999_999) / 1_000_000
}

var (
	notFetched = regexp.MustCompile(`(?i)<!DOCTYPE[^>]*>|\b(xmlns(:[\w.-]+)?|[\w.-]+:\w*schemaLocation)\s*=\s*("[^"]*"|'[^']*')`)
	plainHTTP  = regexp.MustCompile(`(?i)\bhttp:`)
)

// insecure finds an http: URL in any letter case, ignoring namespace names, schema
// hints and DTD identifiers, which nothing fetches.
func insecure(markup string) bool {
	return plainHTTP.MatchString(notFetched.ReplaceAllString(markup, ""))
}
