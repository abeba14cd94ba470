package migration

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"reflect"
)

// maxBody bounds what one shadow holds in memory, for each side; larger responses are
// not compared.
const maxBody = 1 << 20

// recorder passes PHP's response to the user and keeps a copy of its status and body.
type recorder struct {
	http.ResponseWriter
	status  int
	body    bytes.Buffer
	tooLong bool
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 && code >= 200 { // 1xx responses are interim
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the user's connection, to flush streams.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.body.Len()+len(p) > maxBody {
		r.tooLong = true
	} else {
		r.body.Write(p)
	}
	return r.ResponseWriter.Write(p)
}

// decode undoes the Content-Encoding PHP chose for this client.
func decode(body []byte, encoding string) ([]byte, bool) {
	switch {
	case len(body) == 0 || encoding == "" || encoding == "identity":
		return body, true
	case encoding == "gzip" || encoding == "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, false
		}
		plain, err := io.ReadAll(io.LimitReader(zr, maxBody+1))
		return plain, err == nil && len(plain) <= maxBody
	}
	return nil, false // br, zstd, deflate: skip rather than guess
}

// normalise decodes JSON, erasing escaping and key order, then folds [], {} and null.
func normalise(raw []byte) any {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	return fold(v)
}

func fold(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = fold(e)
		}
		if len(t) == 0 {
			return nil
		}
	case []any:
		for i, e := range t {
			t[i] = fold(e)
		}
		if len(t) == 0 {
			return nil
		}
	}
	return v
}

type Differ struct {
	GoBase string
	Client *http.Client  // short Timeout
	Slots  chan struct{} // capacity = shadows in flight
	Sample float64
	Record func(route string, match bool)
}

func (d *Differ) Wrap(route string, php http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || rand.Float64() >= d.Sample {
			php.ServeHTTP(w, r)
			return
		}
		rec := &recorder{ResponseWriter: w}
		php.ServeHTTP(rec, r)
		encoding := w.Header().Get("Content-Encoding")
		select {
		case d.Slots <- struct{}{}:
			req := r.Clone(context.Background())
			go func() {
				defer func() { <-d.Slots }()
				if control, ok := decode(rec.body.Bytes(), encoding); ok && !rec.tooLong {
					d.Record(route, d.same(req, cmp.Or(rec.status, 200), control))
				}
			}()
		default: // pool full: skip this shadow
		}
	})
}

// same replays r against Go and compares status and normalised body with PHP's.
func (d *Differ) same(r *http.Request, status int, control []byte) bool {
	req, err := http.NewRequest(http.MethodGet, d.GoBase+r.URL.RequestURI(), nil)
	if err != nil {
		return false
	}
	req.Header = r.Header
	req.Header.Del("Accept-Encoding") // the transport then asks for gzip and decodes it
	resp, err := d.Client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	candidate, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	return err == nil && len(candidate) <= maxBody && resp.StatusCode == status &&
		reflect.DeepEqual(normalise(control), normalise(candidate))
}
