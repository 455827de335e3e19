// Command goplugin-client launches a Terraform/OpenTofu provider plugin with
// HashiCorp's real go-plugin client code (Debian's v1.0.1, the version
// Terraform 0.12.0 used) and checks that the plugin server speaks the
// handshake, AutoMTLS and lifecycle the way go-plugin expects.
//
// Usage:
//
//	goplugin-client -plugin PATH [-protocols 5,6] [-expect-protocol N]
//	                [-schema=false] [-tls-max 1.2] [-v]
//	goplugin-client -plugin PATH -tls12-probe [-protocols 5,6] [-v]
//	goplugin-client -plugin PATH -startup-runs N [-protocols 5,6]
//
// Default mode (go-plugin's plugin.NewClient, AutoMTLS, AllowedProtocols
// grpc, VersionedPlugins for every -protocols entry, Terraform's magic
// cookie):
//
//  1. Client.Start: exec + handshake line; prints the negotiated protocol,
//     network, address and the exec-to-handshake time;
//  2. grpc.health.v1.Health/Check("plugin") must answer SERVING; prints the
//     TLS parameters go-plugin's connection negotiated;
//  3. unless -schema=false, /tfplugin6.Provider/GetProviderSchema (or
//     /tfplugin5.Provider/GetSchema) with an empty request, received as raw
//     bytes with Terraform's 64 MiB limit; prints the size and the top-level
//     fields, fails on an ERROR diagnostic;
//  4. Client.Kill (GRPCController.Shutdown, close, wait 2 s, SIGKILL): fails
//     if go-plugin logs "plugin failed to exit gracefully", if the process
//     exits non-zero or if it leaves its unix socket behind.
//
// -tls-max 1.2 caps go-plugin's TLS config at TLS 1.2, which is what
// Terraform 0.12.x (Go 1.12) negotiates.
//
// -tls12-probe launches the plugin itself (tls_probe.go) and checks a raw
// TLS 1.2 handshake with go-plugin's P-521 client certificate and that a
// TLS 1.3 client without a certificate is refused.
//
// -startup-runs N launches the plugin N times in a row with go-plugin's
// environment and prints min/median/mean/p90/max of the time from exec to
// the handshake line (launch.go); the plugin is SIGKILLed after each line.
//
// Output is line-oriented ("key: value"); the last line is "PASS" or
// "FAIL: <reason>", and the exit status is 0 or 1 accordingly. go-plugin's
// own log (including the plugin's stderr) is printed to stderr on failure,
// or always with -v.
package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"
)

const (
	magicCookieKey   = "TF_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"

	// Terraform passes this per-call limit on GetSchema/GetProviderSchema.
	schemaMaxRecv = 64 << 20
	rpcTimeout    = 10 * time.Second
)

type options struct {
	pluginPath     string
	protocols      []int
	expectProtocol int
	schema         bool
	tlsMax         uint16
	tls12Probe     bool
	startupRuns    int
	verbose        bool
	startTimeout   time.Duration
}

// failure ends the run: main prints "FAIL: <msg>" and exits 1.
type failure struct{ msg string }

func (f *failure) Error() string { return f.msg }

func failf(format string, args ...interface{}) error {
	return &failure{fmt.Sprintf(format, args...)}
}

// syncBuffer is an io.Writer safe for go-plugin's logging goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// rawMessage carries an already-encoded protobuf message. grpc-go's default
// codec uses the proto.Marshaler/Unmarshaler methods when a message has them,
// so raw tfplugin calls need no generated code.
type rawMessage struct{ data []byte }

func (m *rawMessage) Reset()                   { m.data = nil }
func (m *rawMessage) String() string           { return "rawMessage" }
func (m *rawMessage) ProtoMessage()            {}
func (m *rawMessage) Marshal() ([]byte, error) { return m.data, nil }
func (m *rawMessage) Unmarshal(b []byte) error {
	m.data = append([]byte(nil), b...)
	return nil
}

// connPlugin is the client half of the "provider" plugin: Dispense returns
// go-plugin's *grpc.ClientConn itself.
type connPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (connPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return fmt.Errorf("goplugin-client only implements the client side")
}

func (connPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return c, nil
}

func main() {
	opts, err := parseFlags()
	if err != nil {
		fmt.Fprintf(os.Stderr, "goplugin-client: %v\n", err)
		os.Exit(2)
	}
	log := &syncBuffer{}
	switch {
	case opts.startupRuns > 0:
		err = runStartup(opts, log)
	case opts.tls12Probe:
		err = runProbe(opts, log)
	default:
		err = runGoPlugin(opts, log)
	}
	if err != nil {
		if !opts.verbose {
			fmt.Fprintf(os.Stderr, "---- go-plugin / plugin log ----\n%s----\n", log.String())
		}
		fmt.Printf("FAIL: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("PASS")
}

func parseFlags() (*options, error) {
	opts := &options{}
	protocols := flag.String("protocols", "5,6", "comma-separated app protocol versions the client offers (PLUGIN_PROTOCOL_VERSIONS)")
	tlsMax := flag.String("tls-max", "", "cap the client's TLS version: 1.2 (Terraform 0.12.x) or 1.3 (default: Go's maximum)")
	timeout := flag.Duration("timeout", 90*time.Second, "give up (and kill the plugin) after this long")
	flag.StringVar(&opts.pluginPath, "plugin", "", "path of the provider plugin executable (required)")
	flag.IntVar(&opts.expectProtocol, "expect-protocol", 0, "fail unless this protocol version is negotiated (0: any)")
	flag.BoolVar(&opts.schema, "schema", true, "call GetProviderSchema (v6) / GetSchema (v5) with a raw codec")
	flag.BoolVar(&opts.tls12Probe, "tls12-probe", false, "raw TLS probes instead of the go-plugin run: TLS 1.2 with client cert, TLS 1.3 without")
	flag.IntVar(&opts.startupRuns, "startup-runs", 0, "instead: launch the plugin N times and report exec-to-handshake-line times")
	flag.BoolVar(&opts.verbose, "v", false, "copy go-plugin's log and the plugin's stderr to stderr as they happen")
	flag.DurationVar(&opts.startTimeout, "start-timeout", time.Minute, "handshake timeout (go-plugin's StartTimeout)")
	flag.Parse()

	if opts.pluginPath == "" || flag.NArg() != 0 {
		flag.Usage()
		return nil, fmt.Errorf("-plugin PATH is required and no positional arguments are accepted")
	}
	abs, err := filepath.Abs(opts.pluginPath)
	if err != nil {
		return nil, err
	}
	opts.pluginPath = abs
	for _, s := range strings.Split(*protocols, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("bad -protocols entry %q", s)
		}
		opts.protocols = append(opts.protocols, v)
	}
	switch *tlsMax {
	case "":
	case "1.2":
		opts.tlsMax = tls.VersionTLS12
	case "1.3":
		opts.tlsMax = tls.VersionTLS13
	default:
		return nil, fmt.Errorf("-tls-max must be 1.2 or 1.3")
	}
	time.AfterFunc(*timeout, func() {
		fmt.Printf("FAIL: no result after %v (-timeout); killing the plugin\n", *timeout)
		killAll()
		os.Exit(1)
	})
	return opts, nil
}

// Processes to kill if the watchdog fires.
var (
	cleanupMu sync.Mutex
	probeCmds []*exec.Cmd
)

func killAll() {
	plugin.CleanupClients()
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	for _, c := range probeCmds {
		if c.Process != nil {
			c.Process.Kill()
		}
	}
}

func runGoPlugin(opts *options, log *syncBuffer) error {
	var logOut io.Writer = log
	if opts.verbose {
		logOut = io.MultiWriter(log, os.Stderr)
	}
	versioned := map[int]plugin.PluginSet{}
	for _, v := range opts.protocols {
		versioned[v] = plugin.PluginSet{"provider": connPlugin{}}
	}
	config := &plugin.ClientConfig{
		// Terraform's handshake config; ProtocolVersion is unused because
		// Plugins is nil and VersionedPlugins decides.
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  4,
			MagicCookieKey:   magicCookieKey,
			MagicCookieValue: magicCookieValue,
		},
		VersionedPlugins: versioned,
		Cmd:              exec.Command(opts.pluginPath),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Managed:          true,
		AutoMTLS:         true,
		StartTimeout:     opts.startTimeout,
		Logger: hclog.New(&hclog.LoggerOptions{
			Name:   "plugin",
			Level:  hclog.Trace,
			Output: logOut,
		}),
	}
	client := plugin.NewClient(config)
	defer client.Kill() // no-op after the explicit Kill below

	started := time.Now()
	addr, err := client.Start()
	startup := time.Since(started)
	if err != nil {
		return failf("go-plugin could not start the plugin: %v", err)
	}
	version := client.NegotiatedVersion()
	fmt.Printf("protocol: %d\n", version)
	fmt.Printf("network: %s\n", addr.Network())
	fmt.Printf("address: %s\n", addr.String())
	fmt.Printf("transport: %s\n", client.Protocol())
	fmt.Printf("startup: %.1f ms (go-plugin Client.Start: client cert generation, exec, handshake line)\n", ms(startup))
	if opts.expectProtocol != 0 && version != opts.expectProtocol {
		return failf("negotiated protocol %d, expected %d (client offered %v)", version, opts.expectProtocol, opts.protocols)
	}
	if config.TLSConfig == nil || config.TLSConfig.RootCAs == nil {
		return failf("handshake line has no server certificate (field 6) although PLUGIN_CLIENT_CERT was sent")
	}

	// Start has filled in config.TLSConfig (AutoMTLS); Client() has not dialled
	// yet, so the config can still be adjusted and observed.
	if opts.tlsMax != 0 {
		config.TLSConfig.MaxVersion = opts.tlsMax
	}
	var tlsMu sync.Mutex
	var tlsState *tls.ConnectionState
	config.TLSConfig.VerifyConnection = func(cs tls.ConnectionState) error {
		tlsMu.Lock()
		defer tlsMu.Unlock()
		if tlsState == nil {
			tlsState = &cs
		}
		return nil
	}

	rpcClient, err := client.Client()
	if err != nil {
		return failf("go-plugin could not connect: %v", err)
	}
	raw, err := rpcClient.Dispense("provider")
	if err != nil {
		return failf("go-plugin could not dispense the provider plugin: %v", err)
	}
	conn := raw.(*grpc.ClientConn)

	ctx, cancel := context.WithTimeout(context.Background(), rpcTimeout)
	health, err := grpc_health_v1.NewHealthClient(conn).Check(ctx,
		&grpc_health_v1.HealthCheckRequest{Service: plugin.GRPCServiceName})
	cancel()
	if err != nil {
		return failf("grpc.health.v1.Health/Check(%q): %v", plugin.GRPCServiceName, err)
	}
	tlsMu.Lock()
	if tlsState != nil {
		fmt.Printf("tls: %s\n", describeTLS(tlsState))
	}
	tlsMu.Unlock()
	fmt.Printf("health: %s\n", health.Status)
	if health.Status != grpc_health_v1.HealthCheckResponse_SERVING {
		return failf("health status for %q is %s, want SERVING", plugin.GRPCServiceName, health.Status)
	}

	if opts.schema {
		if err := callSchema(conn, version); err != nil {
			return err
		}
	}

	return killAndCheck(client, addr.Network(), addr.String(), log)
}

func callSchema(conn *grpc.ClientConn, version int) error {
	method := "/tfplugin6.Provider/GetProviderSchema"
	if version == 5 {
		method = "/tfplugin5.Provider/GetSchema"
	}
	ctx, cancel := context.WithTimeout(context.Background(), rpcTimeout)
	defer cancel()
	var resp rawMessage
	if err := conn.Invoke(ctx, method, &rawMessage{}, &resp, grpc.MaxCallRecvMsgSize(schemaMaxRecv)); err != nil {
		return failf("%s: %v", method, err)
	}
	summary, err := summarizeSchema(resp.data)
	if err != nil {
		return failf("%s: response of %d bytes is not a valid GetProviderSchema.Response: %v", method, len(resp.data), err)
	}
	fmt.Printf("schema: %s -> %d bytes: %s\n", method, len(resp.data), summary.fields)
	for _, d := range summary.diagnostics {
		fmt.Printf("schema diagnostic: %s\n", d)
	}
	if summary.errors > 0 {
		return failf("%s returned %d ERROR diagnostic(s)", method, summary.errors)
	}
	return nil
}

// killAndCheck runs go-plugin's Kill (Shutdown, close, wait 2 s, SIGKILL) and
// inspects what go-plugin logged about it.
func killAndCheck(client *plugin.Client, network, address string, log *syncBuffer) error {
	before := len(log.String())
	started := time.Now()
	client.Kill()
	took := time.Since(started)
	after := log.String()[before:]

	if line := findLine(after, "error closing client during Kill"); line != "" {
		return failf("GRPCController.Shutdown failed, go-plugin killed the plugin: %s", line)
	}
	if findLine(after, "plugin failed to exit gracefully") != "" {
		return failf("plugin failed to exit gracefully: still running 2 s after GRPCController.Shutdown, go-plugin SIGKILLed it (Kill took %.0f ms)", ms(took))
	}
	if line := findLine(after, "plugin process exited"); strings.Contains(line, "error=") {
		return failf("plugin exited unsuccessfully after Shutdown: %s", line)
	}
	fmt.Printf("shutdown: graceful, process exited %.1f ms after Kill()\n", ms(took))
	if network == "unix" {
		if _, err := os.Lstat(address); err == nil {
			os.Remove(address)
			return failf("plugin left its unix socket %s behind", address)
		}
	}
	return nil
}

func findLine(text, needle string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, needle) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func tlsVersionName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLS 1.0"
	case tls.VersionTLS11:
		return "TLS 1.1"
	case tls.VersionTLS12:
		return "TLS 1.2"
	case tls.VersionTLS13:
		return "TLS 1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}

// describeTLS summarises a connection: version, cipher suite, ALPN and the
// server's leaf certificate.
func describeTLS(cs *tls.ConnectionState) string {
	alpn := cs.NegotiatedProtocol
	if alpn == "" {
		alpn = "(none)"
	}
	return fmt.Sprintf("%s, %s, ALPN %s, server cert %s", tlsVersionName(cs.Version),
		tls.CipherSuiteName(cs.CipherSuite), alpn, describeCert(cs.PeerCertificates))
}

func describeCert(chain []*x509.Certificate) string {
	if len(chain) == 0 {
		return "(none)"
	}
	c := chain[0]
	key := c.PublicKeyAlgorithm.String()
	if k, ok := c.PublicKey.(*ecdsa.PublicKey); ok {
		key += " " + k.Curve.Params().Name
	}
	return fmt.Sprintf("%s %s CN=%s SAN=%v", key, c.SignatureAlgorithm, c.Subject.CommonName, c.DNSNames)
}
