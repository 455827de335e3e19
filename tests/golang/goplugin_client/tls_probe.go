package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// The HTTP/2 client connection preface followed by an empty SETTINGS frame.
var h2Preface = append([]byte("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 0, 0, 0, 4, 0, 0, 0, 0, 0)

const h2FrameSettings = 4

type handshakeLine struct {
	version int
	network string
	address string
	cert    *x509.Certificate
}

// runProbe launches the plugin the way go-plugin does (environment of
// handshake.md §2, go-plugin's P-521 client certificate) and checks the TLS
// layer directly:
//
//   - TLS 1.2 (Terraform 0.12.x) with the client certificate must succeed,
//     negotiate ALPN h2 and be followed by the server's HTTP/2 SETTINGS;
//   - TLS 1.3 without a client certificate must be refused.
//
// The plugin is then stopped with GRPCController.Shutdown over mTLS.
func runProbe(opts *options, log *syncBuffer) error {
	var logOut io.Writer = log
	if opts.verbose {
		logOut = io.MultiWriter(log, os.Stderr)
	}
	certPEM, keyPEM, err := generateCert()
	if err != nil {
		return failf("generating the client certificate: %v", err)
	}
	clientCert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return failf("loading the client certificate: %v", err)
	}

	p, err := launchPlugin(opts, certPEM, logOut)
	if err != nil {
		return err
	}
	hs := p.hs
	cmd, exited := p.cmd, p.exited
	fmt.Printf("protocol: %d\n", hs.version)
	fmt.Printf("network: %s\n", hs.network)
	fmt.Printf("address: %s\n", hs.address)
	fmt.Printf("startup: %.1f ms (exec to handshake line)\n", ms(p.startup))
	fmt.Printf("server cert: %s\n", describeCert([]*x509.Certificate{hs.cert}))

	roots := x509.NewCertPool()
	roots.AddCert(hs.cert)
	var problems []string

	if err := probeTLS12(hs, roots, clientCert); err != nil {
		problems = append(problems, err.Error())
	}
	if err := probeTLS13NoCert(hs, roots); err != nil {
		problems = append(problems, err.Error())
	}
	if err := shutdownProbe(cmd, exited, hs, roots, clientCert); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return failf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// parseHandshake splits CORE|APP|NETWORK|ADDRESS|PROTOCOL|CERT like go-plugin
// v1.0.1 (SplitN 6) and requires AutoMTLS fields.
func parseHandshake(line string) (*handshakeLine, error) {
	parts := strings.SplitN(strings.TrimSpace(line), "|", 6)
	if len(parts) < 6 {
		return nil, fmt.Errorf("handshake line has %d fields, want 6 with a certificate", len(parts))
	}
	if parts[0] != "1" {
		return nil, fmt.Errorf("core protocol %q, want 1", parts[0])
	}
	version, err := strconv.Atoi(parts[1])
	if err != nil {
		return nil, fmt.Errorf("bad app protocol %q", parts[1])
	}
	if parts[2] != "unix" && parts[2] != "tcp" {
		return nil, fmt.Errorf("unknown network %q", parts[2])
	}
	if parts[4] != "grpc" {
		return nil, fmt.Errorf("protocol %q, want grpc", parts[4])
	}
	// go-plugin uses RawStdEncoding; flag padding, which go-plugin rejects.
	if strings.HasSuffix(parts[5], "=") {
		return nil, fmt.Errorf("certificate field is padded base64; go-plugin's RawStdEncoding rejects '='")
	}
	der, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return nil, fmt.Errorf("certificate field: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("certificate field: %v", err)
	}
	return &handshakeLine{version: version, network: parts[2], address: parts[3], cert: cert}, nil
}

func probeTLS12(hs *handshakeLine, roots *x509.CertPool, clientCert tls.Certificate) error {
	conn, err := dialTLS(hs, &tls.Config{
		Certificates: []tls.Certificate{clientCert},
		RootCAs:      roots,
		ServerName:   "localhost",
		MinVersion:   tls.VersionTLS12,
		MaxVersion:   tls.VersionTLS12,
		NextProtos:   []string{"h2"},
	})
	if err != nil {
		fmt.Printf("tls12: handshake FAILED: %v\n", err)
		return fmt.Errorf("TLS 1.2 handshake with go-plugin's P-521 client certificate failed (Terraform 0.12.x cannot connect): %v", err)
	}
	defer conn.Close()
	cs := conn.ConnectionState()
	fmt.Printf("tls12: handshake ok: %s\n", describeTLS(&cs))
	if cs.NegotiatedProtocol != "h2" {
		return fmt.Errorf("TLS 1.2: ALPN %q, want \"h2\" (grpc-go >= 1.67 clients refuse connections without it)", cs.NegotiatedProtocol)
	}
	frame, err := h2Exchange(conn)
	if err != nil {
		return fmt.Errorf("TLS 1.2: no HTTP/2 response after the handshake: %v", err)
	}
	if frame != h2FrameSettings {
		return fmt.Errorf("TLS 1.2: first HTTP/2 frame from the server has type %d, want SETTINGS", frame)
	}
	fmt.Println("tls12: server HTTP/2 SETTINGS received")
	return nil
}

// probeTLS13NoCert connects without a client certificate. In TLS 1.3 the
// client's handshake completes before the server checks the (empty)
// certificate, so the refusal shows up as an alert on the first read.
func probeTLS13NoCert(hs *handshakeLine, roots *x509.CertPool) error {
	conn, err := dialTLS(hs, &tls.Config{
		RootCAs:    roots,
		ServerName: "localhost",
		MinVersion: tls.VersionTLS13,
		MaxVersion: tls.VersionTLS13,
		NextProtos: []string{"h2"},
	})
	if err != nil && strings.Contains(err.Error(), "protocol version") {
		fmt.Printf("tls13-no-client-cert: TLS 1.3 not supported: %v\n", err)
		return fmt.Errorf("TLS 1.3 handshake failed on the version, not the missing certificate (current Terraform/OpenTofu negotiate TLS 1.3): %v", err)
	}
	if err != nil {
		fmt.Printf("tls13-no-client-cert: rejected as expected: %v\n", err)
		return nil
	}
	defer conn.Close()
	frame, err := h2Exchange(conn)
	var netErr net.Error
	switch {
	case err == nil:
		fmt.Printf("tls13-no-client-cert: ACCEPTED (server sent HTTP/2 frame type %d)\n", frame)
		return errors.New("TLS 1.3 connection without a client certificate was accepted: the server does not require client certificates")
	case errors.As(err, &netErr) && netErr.Timeout():
		fmt.Println("tls13-no-client-cert: no answer (neither alert nor HTTP/2) within 5 s")
		return errors.New("TLS 1.3 connection without a client certificate was neither refused nor served")
	}
	fmt.Printf("tls13-no-client-cert: rejected as expected: %v\n", err)
	return nil
}

func dialTLS(hs *handshakeLine, config *tls.Config) (*tls.Conn, error) {
	raw, err := net.DialTimeout(hs.network, hs.address, 5*time.Second)
	if err != nil {
		return nil, err
	}
	conn := tls.Client(raw, config)
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if err := conn.Handshake(); err != nil {
		raw.Close()
		return nil, err
	}
	return conn, nil
}

// h2Exchange sends the HTTP/2 client preface and returns the type of the
// server's first frame.
// A failed write (the server may already have sent its alert and closed) is
// followed by a read anyway, since the read reports the alert.
func h2Exchange(conn *tls.Conn) (byte, error) {
	_, writeErr := conn.Write(h2Preface)
	var header [9]byte
	if _, err := io.ReadFull(conn, header[:]); err != nil {
		return 0, err
	}
	if writeErr != nil {
		return 0, writeErr
	}
	return header[3], nil
}

// shutdownProbe stops the probed plugin like go-plugin's Kill:
// GRPCController.Shutdown over mTLS, then 2 s grace, then SIGKILL.
func shutdownProbe(cmd *exec.Cmd, exited chan error, hs *handshakeLine, roots *x509.CertPool, clientCert tls.Certificate) error {
	creds := credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{clientCert},
		RootCAs:      roots,
		ServerName:   "localhost",
	})
	conn, err := grpc.Dial("unused", grpc.WithTransportCredentials(creds),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, hs.network, hs.address)
		}))
	var callErr error
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), rpcTimeout)
		callErr = conn.Invoke(ctx, "/plugin.GRPCController/Shutdown", &rawMessage{}, &rawMessage{})
		cancel()
		conn.Close()
	} else {
		callErr = err
	}
	select {
	case err := <-exited:
		if callErr != nil {
			// go-plugin servers stop before answering; go-plugin ignores the error.
			fmt.Printf("shutdown: plugin exited after GRPCController.Shutdown (call ended with: %v)\n", callErr)
		} else {
			fmt.Println("shutdown: plugin exited after GRPCController.Shutdown")
		}
		if err != nil {
			return fmt.Errorf("plugin exited unsuccessfully after Shutdown: %v", err)
		}
	case <-time.After(2 * time.Second):
		cmd.Process.Kill()
		<-exited
		fmt.Printf("shutdown: plugin still running 2 s after GRPCController.Shutdown (call ended with: %v), killed\n", callErr)
		if hs.network == "unix" {
			os.Remove(hs.address)
		}
		return errors.New("plugin did not exit within 2 s of GRPCController.Shutdown")
	}
	if hs.network == "unix" {
		if _, err := os.Lstat(hs.address); err == nil {
			os.Remove(hs.address)
			return fmt.Errorf("plugin left its unix socket %s behind", hs.address)
		}
	}
	return nil
}

// generateCert is go-plugin's mtls.go generateCert (identical in v1.0.1 …
// v1.8.0): ECDSA P-521, self-signed CA, CN=localhost O=HashiCorp,
// SAN localhost, EKU client+server auth, 30 s backdated, ~30 years valid.
func generateCert() (cert []byte, privateKey []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}

	serialNumberLimit := new(big.Int).Lsh(big.NewInt(1), 128)
	sn, err := rand.Int(rand.Reader, serialNumberLimit)
	if err != nil {
		return nil, nil, err
	}

	host := "localhost"

	template := &x509.Certificate{
		Subject: pkix.Name{
			CommonName:   host,
			Organization: []string{"HashiCorp"},
		},
		DNSNames: []string{host},
		ExtKeyUsage: []x509.ExtKeyUsage{
			x509.ExtKeyUsageClientAuth,
			x509.ExtKeyUsageServerAuth,
		},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageKeyAgreement | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		SerialNumber:          sn,
		NotBefore:             time.Now().Add(-30 * time.Second),
		NotAfter:              time.Now().Add(262980 * time.Hour),
		IsCA:                  true,
	}

	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		return nil, nil, err
	}

	var certOut bytes.Buffer
	if err := pem.Encode(&certOut, &pem.Block{Type: "CERTIFICATE", Bytes: der}); err != nil {
		return nil, nil, err
	}

	keyBytes, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}

	var keyOut bytes.Buffer
	if err := pem.Encode(&keyOut, &pem.Block{Type: "EC PRIVATE KEY", Bytes: keyBytes}); err != nil {
		return nil, nil, err
	}

	return certOut.Bytes(), keyOut.Bytes(), nil
}
