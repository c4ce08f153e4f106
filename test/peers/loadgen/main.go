// loadgen: the OTLP/gRPC load generator and counting backend of `npm run bench` (issue 22).
//
//	loadgen gen  -endpoint HOST:PORT -rate POINTS_PER_S -duration 10s [-pods-prefix 127.X.Y. -pods 1000 ...]
//	loadgen sink -listen HOST:PORT -http HOST:PORT
//	loadgen targets -ips-prefix 127.X. -count 300 -port 8080 -series 500
//
// gen sends gauges with a fixed series cardinality (pods x series-per-pod), one resource per pod carrying
// k8s.pod.ip so that the gateway's k8sattributes looks every resource up, open loop at a fixed rate (so a
// collector that cannot keep up shows as refusals, drops or a missed rate, not as a slower client). At the
// end it prints one JSON line: points sent, points refused (export errors), the rate achieved.
//
// sink is the backend: it answers every OTLP export with success and counts points, so that what the
// benchmark measures is the collector in between, not a backend that parses and writes the data (a
// collector with a file exporter would be slower than the gateway it judges). GET /count on -http answers
// targets serves a Prometheus text exposition of `series` series on every one of `count` pod IPs (the
// annotated pods an agent scrapes); counter values grow with every scrape.
//
// {"points":N,"requests":M,"resources":R,"enriched":E}, E being the resources that arrived with k8s.pod.name
// (the gateway's k8sattributes found their pod). gzip is registered because the rendered exporters compress.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/pmetric/pmetricotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	_ "google.golang.org/grpc/encoding/gzip"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen gen|sink [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "gen":
		gen(os.Args[2:])
	case "sink":
		sink(os.Args[2:])
	case "targets":
		targets(os.Args[2:])
	default:
		fmt.Fprintf(os.Stderr, "loadgen: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
}

type genResult struct {
	Sent       int64   `json:"sent"`
	Refused    int64   `json:"refused"`
	Requests   int64   `json:"requests"`
	Seconds    float64 `json:"seconds"`
	Rate       float64 `json:"rate"`
	Behind     int64   `json:"behind"`
	FirstError string  `json:"firstError,omitempty"`
}

// requests builds every distinct request once: request i holds pods [i*per, (i+1)*per), each pod's series.
func requests(prefix string, pods, perPod, podsPerRequest int) []pmetric.Metrics {
	var out []pmetric.Metrics
	for first := 0; first < pods; first += podsPerRequest {
		md := pmetric.NewMetrics()
		for p := first; p < first+podsPerRequest && p < pods; p++ {
			rm := md.ResourceMetrics().AppendEmpty()
			rm.Resource().Attributes().PutStr("k8s.pod.ip", fmt.Sprintf("%s%d.%d", prefix, 10+p/250, 1+p%250))
			rm.Resource().Attributes().PutStr("service.name", "loadgen")
			sm := rm.ScopeMetrics().AppendEmpty()
			sm.Scope().SetName("loadgen")
			// 10 metrics, perPod/10 attribute values each: the series a pod exports.
			for m := 0; m < 10; m++ {
				metric := sm.Metrics().AppendEmpty()
				metric.SetName(fmt.Sprintf("loadgen_metric_%d", m))
				g := metric.SetEmptyGauge()
				for s := 0; s < perPod/10; s++ {
					dp := g.DataPoints().AppendEmpty()
					dp.Attributes().PutStr("series", fmt.Sprintf("s%d", s))
				}
			}
		}
		out = append(out, md)
	}
	return out
}

func stamp(md pmetric.Metrics, now pcommon.Timestamp, v float64) {
	rms := md.ResourceMetrics()
	for i := 0; i < rms.Len(); i++ {
		sms := rms.At(i).ScopeMetrics()
		for j := 0; j < sms.Len(); j++ {
			ms := sms.At(j).Metrics()
			for k := 0; k < ms.Len(); k++ {
				dps := ms.At(k).Gauge().DataPoints()
				for d := 0; d < dps.Len(); d++ {
					dps.At(d).SetTimestamp(now)
					dps.At(d).SetDoubleValue(v)
				}
			}
		}
	}
}

func gen(args []string) {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	endpoint := fs.String("endpoint", "", "host:port of the OTLP/gRPC receiver")
	rate := fs.Float64("rate", 10000, "data points per second (open loop)")
	duration := fs.Duration("duration", 10*time.Second, "how long to send")
	prefix := fs.String("pods-prefix", "127.0.", "pod IPs are PREFIX<10+i/250>.<1+i%250>")
	pods := fs.Int("pods", 1000, "distinct pods (resources)")
	perPod := fs.Int("series-per-pod", 100, "series per pod (a multiple of 10)")
	podsPerRequest := fs.Int("pods-per-request", 10, "resources per export request")
	workers := fs.Int("workers", 8, "concurrent exports")
	_ = fs.Parse(args)
	if *endpoint == "" {
		fmt.Fprintln(os.Stderr, "loadgen gen: -endpoint is required")
		os.Exit(2)
	}
	conn, err := grpc.NewClient(*endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()
	client := pmetricotlp.NewGRPCClient(conn)
	reqs := requests(*prefix, *pods, *perPod, *podsPerRequest)
	pointsPer := reqs[0].DataPointCount()
	interval := time.Duration(float64(time.Second) * float64(pointsPer) / *rate)

	// Each worker owns copies of the requests, so stamping never races with an export in flight.
	work := make(chan int, *workers)
	var sent, refused, nreq, behind atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < *workers; w++ {
		own := make([]pmetric.Metrics, len(reqs))
		for i, r := range reqs {
			own[i] = pmetric.NewMetrics()
			r.CopyTo(own[i])
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				md := own[i%len(own)]
				stamp(md, pcommon.NewTimestampFromTime(time.Now()), float64(i))
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_, err := client.Export(ctx, pmetricotlp.NewExportRequestFromMetrics(md))
				cancel()
				n := int64(md.DataPointCount())
				nreq.Add(1)
				if err != nil {
					refused.Add(n)
					firstErr.CompareAndSwap(nil, err.Error())
				} else {
					sent.Add(n)
				}
			}
		}()
	}
	start := time.Now()
	next := start
	for i := 0; time.Since(start) < *duration; i++ {
		select {
		case work <- i:
		default:
			// Every worker is busy: the receiver is slower than the rate asked for.
			behind.Add(1)
			work <- i
		}
		next = next.Add(interval)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
	}
	close(work)
	wg.Wait()
	secs := time.Since(start).Seconds()
	res := genResult{Sent: sent.Load(), Refused: refused.Load(), Requests: nreq.Load(), Seconds: secs, Rate: float64(sent.Load()+refused.Load()) / secs, Behind: behind.Load()}
	if e, ok := firstErr.Load().(string); ok {
		res.FirstError = e
	}
	_ = json.NewEncoder(os.Stdout).Encode(res)
}

type countingServer struct {
	pmetricotlp.UnimplementedGRPCServer
	points, requests, resources, enriched atomic.Int64
}

func (s *countingServer) Export(_ context.Context, req pmetricotlp.ExportRequest) (pmetricotlp.ExportResponse, error) {
	s.points.Add(int64(req.Metrics().DataPointCount()))
	s.requests.Add(1)
	rms := req.Metrics().ResourceMetrics()
	s.resources.Add(int64(rms.Len()))
	for i := 0; i < rms.Len(); i++ {
		if _, ok := rms.At(i).Resource().Attributes().Get("k8s.pod.name"); ok {
			s.enriched.Add(1)
		}
	}
	return pmetricotlp.NewExportResponse(), nil
}

func sink(args []string) {
	fs := flag.NewFlagSet("sink", flag.ExitOnError)
	listen := fs.String("listen", "127.0.0.1:0", "OTLP/gRPC address")
	httpAddr := fs.String("http", "127.0.0.1:0", "address of GET /count")
	_ = fs.Parse(args)
	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	hl, err := net.Listen("tcp", *httpAddr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &countingServer{}
	g := grpc.NewServer(grpc.MaxRecvMsgSize(64 << 20))
	pmetricotlp.RegisterGRPCServer(g, srv)
	mux := http.NewServeMux()
	mux.HandleFunc("/count", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]int64{"points": srv.points.Load(), "requests": srv.requests.Load(), "resources": srv.resources.Load(), "enriched": srv.enriched.Load()})
	})
	go func() { _ = http.Serve(hl, mux) }()
	fmt.Printf("sink ready otlp=%s http=%s\n", lis.Addr(), hl.Addr())
	_ = g.Serve(lis)
}

func targets(args []string) {
	fs := flag.NewFlagSet("targets", flag.ExitOnError)
	prefix := fs.String("ips-prefix", "127.0.", "target IPs are PREFIX<20+i/250>.<1+i%250>")
	count := fs.Int("count", 300, "targets")
	port := fs.Int("port", 8080, "port on every target IP")
	series := fs.Int("series", 500, "series per target (a multiple of 10)")
	_ = fs.Parse(args)
	var scrapes atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := scrapes.Add(1)
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		var b []byte
		// Ten families (half counters, half gauges), series/10 label values each.
		for m := 0; m < 10; m++ {
			kind := "counter"
			if m%2 == 1 {
				kind = "gauge"
			}
			b = fmt.Appendf(b, "# HELP app_metric_%d A benchmark series.\n# TYPE app_metric_%d %s\n", m, m, kind)
			for s := 0; s < *series/10; s++ {
				b = fmt.Appendf(b, "app_metric_%d{route=\"/api/v1/r%d\",method=\"GET\"} %d\n", m, s, n*int64(s+1))
			}
		}
		_, _ = w.Write(b)
	})
	for i := 0; i < *count; i++ {
		addr := fmt.Sprintf("%s%d.%d:%d", *prefix, 20+i/250, 1+i%250, *port)
		lis, err := net.Listen("tcp", addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go func() { _ = http.Serve(lis, handler) }()
	}
	fmt.Printf("targets ready: %d\n", *count)
	select {}
}
