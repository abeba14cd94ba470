package exchange

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
)

// The parts of OpenRTB 2.6 the validator reads. Anything else in a payload, including
// fields and enumeration values added by later 2.6 releases, is ignored, not rejected:
// both sides must tolerate them (section 2.6).
type (
	bidRequest struct {
		ID   string   `json:"id"`
		Imp  []imp    `json:"imp"`
		Cur  []string `json:"cur"`
		BAdv []string `json:"badv"`
	}
	imp struct {
		ID          string      `json:"id"`
		Banner      *banner     `json:"banner"`
		Video       *struct{}   `json:"video"`
		Audio       *struct{}   `json:"audio"`
		Native      *struct{}   `json:"native"`
		BidFloor    json.Number `json:"bidfloor"`
		BidFloorCur string      `json:"bidfloorcur"`
		Secure      int         `json:"secure"`
	}
	banner struct {
		Format []struct {
			W int `json:"w"`
			H int `json:"h"`
		} `json:"format"`
		W int `json:"w"`
		H int `json:"h"`
	}
	bidResponse struct {
		ID      string `json:"id"`
		Cur     string `json:"cur"`
		SeatBid []struct {
			Bid []bid `json:"bid"`
		} `json:"seatbid"`
	}
	bid struct {
		ID      string      `json:"id"`
		ImpID   string      `json:"impid"`
		Price   json.Number `json:"price"`
		ADomain []string    `json:"adomain"`
		CrID    string      `json:"crid"`
		AdM     string      `json:"adm"`
		NURL    string      `json:"nurl"`
		W       int         `json:"w"`
		H       int         `json:"h"`
		MType   int         `json:"mtype"`
	}
)

// DecodeRequest flattens a bid request. rates holds the exchange's currency table.
func DecodeRequest(data []byte, rates map[[2]string]int64) (*Request, error) {
	var br bidRequest
	if err := json.Unmarshal(data, &br); err != nil {
		return nil, err
	}
	if br.ID == "" || len(br.Imp) == 0 {
		return nil, fmt.Errorf("bid request needs an id and at least one imp")
	}
	req := &Request{ID: br.ID, Imps: map[string]Imp{}, Cur: set(br.Cur, "USD"),
		BAdv: map[string]bool{}, RatePPM: rates}
	for _, d := range br.BAdv {
		req.BAdv[strings.ToLower(d)] = true
	}
	for _, i := range br.Imp {
		floor, err := micros(i.BidFloor, true)
		if err != nil {
			return nil, fmt.Errorf("imp %q: bidfloor: %w", i.ID, err)
		}
		out := Imp{Floor: Money{floor, cmp.Or(i.BidFloorCur, "USD")}, Secure: i.Secure == 1,
			Sizes: map[[2]int]bool{}, MTypes: map[int]bool{}}
		if i.Banner != nil {
			out.MTypes[1] = true
			for _, f := range i.Banner.Format {
				out.Sizes[[2]int{f.W, f.H}] = true
			}
			if i.Banner.W > 0 && i.Banner.H > 0 {
				out.Sizes[[2]int{i.Banner.W, i.Banner.H}] = true
			}
		}
		for mtype, offered := range map[int]bool{2: i.Video != nil, 3: i.Audio != nil, 4: i.Native != nil} {
			if offered {
				out.MTypes[mtype] = true
			}
		}
		if i.ID == "" || len(out.MTypes) == 0 {
			return nil, fmt.Errorf("imp %q needs an id and an offered format", i.ID)
		}
		if _, dup := req.Imps[i.ID]; dup {
			return nil, fmt.Errorf("imp id %q repeated", i.ID)
		}
		req.Imps[i.ID] = out
	}
	return req, nil
}

// DecodeResponse flattens the bids of a response to req and returns the response id.
// A bid without mtype gets the impression's only format; when the impression offers
// more than one, mtype stays 0 and the validator rejects the bid with LossFormat.
func DecodeResponse(data []byte, req *Request) (string, []Bid, error) {
	var br bidResponse
	if err := json.Unmarshal(data, &br); err != nil {
		return "", nil, err
	}
	var bids []Bid
	for _, sb := range br.SeatBid {
		for _, b := range sb.Bid {
			price, err := micros(b.Price, false)
			if err != nil {
				return "", nil, fmt.Errorf("bid %q: price: %w", b.ID, err)
			}
			mtype := b.MType
			if offered := req.Imps[b.ImpID].MTypes; mtype == 0 && len(offered) == 1 {
				for only := range offered {
					mtype = only
				}
			}
			bids = append(bids, Bid{ID: b.ID, ImpID: b.ImpID, CrID: b.CrID, AdM: b.AdM,
				NURL: b.NURL, Price: Money{price, cmp.Or(br.Cur, "USD")}, ADomain: b.ADomain,
				MType: mtype, W: b.W, H: b.H})
		}
	}
	return br.ID, bids, nil
}

// micros reads a decimal CPM exactly, without passing through a float. Floors round
// up and prices down, so that rounding never lets a bid under a floor.
func micros(n json.Number, up bool) (int64, error) {
	if n == "" {
		return 0, nil
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return 0, fmt.Errorf("%q is not a number", n)
	}
	r.Mul(r, big.NewRat(1_000_000, 1))
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if up && m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() || q.Int64() > 1_000_000_000_000 {
		return 0, fmt.Errorf("%q is out of range", n)
	}
	return q.Int64(), nil
}

func set(xs []string, otherwise string) map[string]bool {
	if len(xs) == 0 {
		xs = []string{otherwise}
	}
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}
