package exchange

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// example decodes the essay's request and response with one EUR→USD rate, in parts per
// million; 0 leaves the rate out.
func example(t *testing.T, eurUSD int64) (*Request, string, []Bid) {
	t.Helper()
	rates := map[[2]string]int64{}
	if eurUSD > 0 {
		rates[[2]string{"EUR", "USD"}] = eurUSD
	}
	req, err := DecodeRequest(read(t, "bid-request.json"), rates)
	if err != nil {
		t.Fatal(err)
	}
	id, bids, err := DecodeResponse(read(t, "bid-response.json"), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(bids) != 1 {
		t.Fatalf("the example response has %d bids, want 1", len(bids))
	}
	return req, id, bids
}

// The essay: at 1.08 dollars to the euro the 1.2 EUR floor is 1.296 USD and the 1.31 bid
// clears it; at 1.10 it does not; with no rate the floor fails closed.
func TestEssayExampleAgainstTheEuroFloor(t *testing.T) {
	for _, tc := range []struct {
		rate int64
		want int
	}{{1_080_000, 0}, {1_100_000, LossBelowFloor}, {0, LossBelowFloor}} {
		req, id, bids := example(t, tc.rate)
		if got := ValidateBid(req, id, &bids[0]); got != tc.want {
			t.Errorf("EUR→USD %d ppm: ValidateBid = %d, want %d", tc.rate, got, tc.want)
		}
	}
	req, _, bids := example(t, 1_080_000)
	if floor := req.inCur(req.Imps["1"].Floor, "USD"); floor != 1_296_000 || bids[0].Price.Micros != 1_310_000 {
		t.Fatalf("floor %d and price %d micros, want 1296000 and 1310000", floor, bids[0].Price.Micros)
	}
}

// secureImp offers a banner and a video on a secure page.
func secureImp() (*Request, *Bid) {
	req := &Request{
		ID: "a1", Cur: map[string]bool{"USD": true}, BAdv: map[string]bool{},
		Imps: map[string]Imp{"1": {Secure: true, Sizes: map[[2]int]bool{{300, 250}: true},
			MTypes: map[int]bool{1: true, 2: true}}},
	}
	bid := &Bid{ID: "b1", ImpID: "1", CrID: "c1", ADomain: []string{"shoes.example"},
		Price: Money{1_000_000, "USD"}, MType: 1, W: 300, H: 250}
	return req, bid
}

func TestSecureMarkupLooksAtURLsNotSubstrings(t *testing.T) {
	vast := string(read(t, "testdata/vast-https.xml"))
	for _, tc := range []struct {
		name   string
		mtype  int
		markup string
		want   int
	}{
		{"all-https VAST whose xmlns is http", 2, vast, 0},
		{"VAST with an upper-case HTTP media file", 2, string(read(t, "testdata/vast-http-media.xml")), LossNotSecure},
		{"img src in upper case", 1, `<img src="HTTP://cdn.shoes.example/a.png">`, LossNotSecure},
		{"mixed case", 1, `<img src="Http://cdn.shoes.example/a.png">`, LossNotSecure},
		{"escaped slashes in a script", 1, `<script>new Image().src="http:\/\/t.example\/px"</script>`, LossNotSecure},
		{"CSS background", 1, `<div style="background:url(http://cdn.example/bg.png)"></div>`, LossNotSecure},
		{"tracking pixel after https assets", 1, `<img src="https://a.example/x.png"><img src='http://t.example/px'>`, LossNotSecure},
		{"https image", 1, `<img src="https://cdn.shoes.example/a.png">`, 0},
		{"protocol-relative", 1, `<img src="//cdn.shoes.example/a.png">`, 0},
		{"inline SVG namespace", 1, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image href="https://cdn.example/a.png"/></svg>`, 0},
		{"SVG image over http", 1, `<svg xmlns="http://www.w3.org/2000/svg"><image xlink:href="http://cdn.example/a.png"/></svg>`, LossNotSecure},
		{"XHTML doctype", 1, `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><img src="https://a.example/x.png">`, 0},
		{"https host named like a scheme", 1, `<img src="https://http.example/a.png">`, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, bid := secureImp()
			bid.MType, bid.AdM = tc.mtype, tc.markup
			if got := ValidateBid(req, "a1", bid); got != tc.want {
				t.Fatalf("ValidateBid = %d, want %d", got, tc.want)
			}
		})
	}
	req, bid := secureImp()
	imp := req.Imps["1"]
	imp.Secure = false
	req.Imps["1"] = imp
	bid.AdM = `<img src="http://cdn.shoes.example/a.png">`
	if got := ValidateBid(req, "a1", bid); got != 0 {
		t.Fatalf("http markup on a non-secure impression: %d, want 0", got)
	}
}

func TestEachRuleReturnsItsLossCode(t *testing.T) {
	for _, tc := range []struct {
		name   string
		respID string
		change func(*Bid)
		want   int
	}{
		{"valid", "a1", func(b *Bid) {}, 0},
		{"response id differs", "zz", func(b *Bid) {}, LossInvalidAuctionID},
		{"no bid id", "a1", func(b *Bid) { b.ID = "" }, LossInvalidResponse},
		{"unknown impid", "a1", func(b *Bid) { b.ImpID = "9" }, LossInvalidResponse},
		{"currency not allowed", "a1", func(b *Bid) { b.Price.Cur = "GBP" }, LossInvalidResponse},
		{"zero price", "a1", func(b *Bid) { b.Price.Micros = 0 }, LossInvalidResponse},
		{"no crid", "a1", func(b *Bid) { b.CrID = "" }, LossMissingCreative},
		{"no markup, no nurl", "a1", func(b *Bid) { b.AdM = "" }, LossMissingMarkup},
		{"markup on the win notice", "a1", func(b *Bid) { b.AdM, b.NURL = "", "https://dsp.example/win" }, 0},
		{"no adomain", "a1", func(b *Bid) { b.ADomain = nil }, LossInvalidAdomain},
		{"blocked advertiser, any case", "a1", func(b *Bid) { b.ADomain = []string{"Blocked.Example"} }, LossAdvertiser},
		{"format not offered", "a1", func(b *Bid) { b.MType = 4 }, LossFormat},
		{"size not offered", "a1", func(b *Bid) { b.W, b.H = 728, 90 }, LossSize},
		{"below floor", "a1", func(b *Bid) { b.Price.Micros = 499_999 }, LossBelowFloor},
		{"at floor", "a1", func(b *Bid) { b.Price.Micros = 500_000 }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, bid := secureImp()
			req.BAdv["blocked.example"] = true
			imp := req.Imps["1"]
			imp.Floor = Money{500_000, "USD"}
			req.Imps["1"] = imp
			bid.AdM = `<img src="https://cdn.shoes.example/a.png">`
			tc.change(bid)
			if got := ValidateBid(req, tc.respID, bid); got != tc.want {
				t.Fatalf("ValidateBid = %d, want %d", got, tc.want)
			}
		})
	}
}

// mutate decodes a JSON file, lets f change it, and encodes it again.
func mutate(t *testing.T, path string, f func(map[string]any)) []byte {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(read(t, path), &v); err != nil {
		t.Fatal(err)
	}
	f(v)
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func firstBid(v map[string]any) map[string]any {
	return v["seatbid"].([]any)[0].(map[string]any)["bid"].([]any)[0].(map[string]any)
}

func TestMissingMTypeIsInferredOnlyWhenOneFormatIsOffered(t *testing.T) {
	rates := map[[2]string]int64{{"EUR", "USD"}: 1_080_000}
	resp := mutate(t, "bid-response.json", func(v map[string]any) { delete(firstBid(v), "mtype") })
	for _, tc := range []struct {
		name string
		req  []byte
		want int
	}{
		{"banner only", read(t, "bid-request.json"), 0},
		{"banner or video", mutate(t, "bid-request.json", func(v map[string]any) {
			v["imp"].([]any)[0].(map[string]any)["video"] = map[string]any{"mimes": []any{"video/mp4"}}
		}), LossFormat},
	} {
		req, err := DecodeRequest(tc.req, rates)
		if err != nil {
			t.Fatal(err)
		}
		id, bids, err := DecodeResponse(resp, req)
		if err != nil {
			t.Fatal(err)
		}
		if got := ValidateBid(req, id, &bids[0]); got != tc.want {
			t.Errorf("%s, bid without mtype: ValidateBid = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestDecoderToleratesNewFieldsAndValues(t *testing.T) {
	req := mutate(t, "bid-request.json", func(v map[string]any) {
		v["futurefield"] = map[string]any{"x": 1}
		v["imp"].([]any)[0].(map[string]any)["banner"].(map[string]any)["btype"] = []any{99}
	})
	resp := mutate(t, "bid-response.json", func(v map[string]any) {
		firstBid(v)["attr"] = []any{999}
		firstBid(v)["ext"] = map[string]any{"dsa": map[string]any{}}
	})
	r, err := DecodeRequest(req, map[[2]string]int64{{"EUR", "USD"}: 1_080_000})
	if err != nil {
		t.Fatalf("unknown request fields rejected: %v", err)
	}
	id, bids, err := DecodeResponse(resp, r)
	if err != nil {
		t.Fatalf("unknown response fields rejected: %v", err)
	}
	if got := ValidateBid(r, id, &bids[0]); got != 0 {
		t.Fatalf("ValidateBid = %d, want 0", got)
	}
}

func TestDefaultsWhenCurrenciesAreOmitted(t *testing.T) {
	req := mutate(t, "bid-request.json", func(v map[string]any) {
		delete(v, "cur")
		delete(v["imp"].([]any)[0].(map[string]any), "bidfloorcur")
	})
	resp := mutate(t, "bid-response.json", func(v map[string]any) { delete(v, "cur") })
	r, err := DecodeRequest(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, bids, err := DecodeResponse(resp, r)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Cur["USD"] || r.Imps["1"].Floor.Cur != "USD" || bids[0].Price.Cur != "USD" {
		t.Fatalf("omitted currencies should default to USD: %v %v %v", r.Cur, r.Imps["1"].Floor, bids[0].Price)
	}
	if got := ValidateBid(r, id, &bids[0]); got != 0 {
		t.Fatalf("a 1.31 USD bid on a 1.2 USD floor: %d, want 0", got)
	}
}

func TestMicrosAreExact(t *testing.T) {
	for _, tc := range []struct {
		in   string
		up   bool
		want int64
	}{
		{"1.31", false, 1_310_000},
		{"0.1", false, 100_000},
		{"1.2", true, 1_200_000},
		{"13.1e-1", false, 1_310_000},
		{"1.2960001", true, 1_296_001},
		{"1.2960009", false, 1_296_000},
		{"", false, 0},
	} {
		got, err := micros(json.Number(tc.in), tc.up)
		if err != nil || got != tc.want {
			t.Errorf("micros(%q, up=%v) = %d, %v; want %d", tc.in, tc.up, got, err, tc.want)
		}
	}
	for _, bad := range []string{"1e30", "abc"} {
		if _, err := micros(json.Number(bad), false); err == nil {
			t.Errorf("micros(%q) accepted", bad)
		}
	}
}

func TestDecodeRequestRejectsWhatItCannotAuction(t *testing.T) {
	for name, body := range map[string]string{
		"no imp":             `{"id":"a"}`,
		"imp without format": `{"id":"a","imp":[{"id":"1"}]}`,
		"duplicate imp id":   `{"id":"a","imp":[{"id":"1","banner":{}},{"id":"1","banner":{}}]}`,
		"not JSON":           `{"id":`,
	} {
		if _, err := DecodeRequest([]byte(body), nil); err == nil || strings.TrimSpace(err.Error()) == "" {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestNoFloorNeedsNoExchangeRate(t *testing.T) {
	req := mutate(t, "bid-request.json", func(v map[string]any) {
		delete(v["imp"].([]any)[0].(map[string]any), "bidfloor") // bidfloorcur stays EUR
	})
	r, err := DecodeRequest(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, bids, err := DecodeResponse(read(t, "bid-response.json"), r)
	if err != nil {
		t.Fatal(err)
	}
	if got := ValidateBid(r, id, &bids[0]); got != 0 {
		t.Fatalf("no floor, no EUR rate: ValidateBid = %d, want 0", got)
	}
}

// A converted floor rounds up, so a bid a fraction of a micro under it does not clear it.
func TestConvertedFloorRoundsUp(t *testing.T) {
	req, bid := secureImp()
	req.RatePPM = map[[2]string]int64{{"EUR", "USD"}: 1_080_000}
	imp := req.Imps["1"]
	imp.Floor = Money{1_000_001, "EUR"} // 1.08000108 USD
	req.Imps["1"] = imp
	bid.AdM = `<img src="https://cdn.shoes.example/a.png">`
	for price, want := range map[int64]int{1_080_001: LossBelowFloor, 1_080_002: 0} {
		bid.Price.Micros = price
		if got := ValidateBid(req, "a1", bid); got != want {
			t.Errorf("bid of %d micros on a floor of 1080001.08: %d, want %d", price, got, want)
		}
	}
}
