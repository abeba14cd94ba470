package exchange

import (
	"encoding/json"
	"strings"
	"testing"
)

// The macros of OpenRTB 2.6, section 4.4.
var known = map[string]bool{
	"AUCTION_ID": true, "AUCTION_BID_ID": true, "AUCTION_IMP_ID": true,
	"AUCTION_SEAT_ID": true, "AUCTION_AD_ID": true, "AUCTION_PRICE": true,
	"AUCTION_CURRENCY": true, "AUCTION_MBR": true, "AUCTION_LOSS": true,
	"AUCTION_MIN_TO_WIN": true, "AUCTION_MULTIPLIER": true, "AUCTION_IMP_TS": true,
	"AUCTION_DISCOUNT_PCT": true, "AUCTION_DISCOUNT_CPM": true,
}

func TestExpandFillsTheEssaysNoticeURLs(t *testing.T) {
	var resp struct {
		BidID   string `json:"bidid"`
		SeatBid []struct {
			Bid []struct{ NURL, BURL, LURL string } `json:"bid"`
		} `json:"seatbid"`
	}
	if err := json.Unmarshal(read(t, "bid-response.json"), &resp); err != nil {
		t.Fatal(err)
	}
	b := resp.SeatBid[0].Bid[0]
	vals := map[string]string{"AUCTION_ID": "a1f3c9", "AUCTION_BID_ID": resp.BidID,
		"AUCTION_PRICE": "1.22", "AUCTION_LOSS": "102"}
	for _, tc := range []struct{ tmpl, want string }{
		{b.NURL, "https://dsp.example/win?a=a1f3c9&p=1.22"},
		{b.BURL, "https://dsp.example/bill?r=r-5501&p=1.22"},
		// The minimum to win is optional and unknown here: it becomes "".
		{b.LURL, "https://dsp.example/loss?c=102&m="},
	} {
		if got := Expand(tc.tmpl, vals, known); got != tc.want {
			t.Errorf("Expand(%q) = %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}

func TestExpandEdges(t *testing.T) {
	vals := map[string]string{"AUCTION_PRICE": "1.31", "AUCTION_ID": "a&b c", "AUCTION_AD_ID": "AUDIT"}
	for _, tc := range []struct{ tmpl, want string }{
		{"p=${AUCTION_PRICE:B64}", "p=MS4zMQ%3D%3D"},
		{"a=${AUCTION_ID}", "a=a%26b+c"},
		{"ad=${AUCTION_AD_ID}", "ad=AUDIT"},
		{"x=${AUCTION_NOT_A_MACRO}&y=${OTHER}", "x=${AUCTION_NOT_A_MACRO}&y=${OTHER}"},
		{"seat=${AUCTION_SEAT_ID}", "seat="},
	} {
		if got := Expand(tc.tmpl, vals, known); got != tc.want {
			t.Errorf("Expand(%q) = %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}

// A bidder that asks for an encoding we do not implement must not get the price in clear.
func TestExpandNeverSendsAValueInClearForAnUnsupportedEncoding(t *testing.T) {
	got := Expand("https://dsp.example/imp?p=${AUCTION_PRICE:AES}", map[string]string{"AUCTION_PRICE": "1.31"}, known)
	if strings.Contains(got, "1.31") || got != "https://dsp.example/imp?p=${AUCTION_PRICE:AES}" {
		t.Fatalf("Expand = %q; the macro should be left as it was", got)
	}
}
