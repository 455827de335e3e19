package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
)

// launched is a plugin process started by launchPlugin.
type launched struct {
	cmd     *exec.Cmd
	exited  chan error // receives cmd.Wait's result once
	hs      *handshakeLine
	startup time.Duration // cmd.Start to handshake line received
}

// launchPlugin starts the plugin with the environment go-plugin's client
// sets (handshake.md §2) and waits for its handshake line.
func launchPlugin(opts *options, certPEM []byte, stderr io.Writer) (*launched, error) {
	var versions []string
	for _, v := range opts.protocols {
		versions = append(versions, strconv.Itoa(v))
	}
	cmd := exec.Command(opts.pluginPath)
	cmd.Env = append(os.Environ(),
		magicCookieKey+"="+magicCookieValue,
		"PLUGIN_MIN_PORT=10000",
		"PLUGIN_MAX_PORT=25000",
		"PLUGIN_PROTOCOL_VERSIONS="+strings.Join(versions, ","),
		"PLUGIN_CLIENT_CERT="+string(certPEM))
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, failf("stdout pipe: %v", err)
	}
	cleanupMu.Lock()
	probeCmds = append(probeCmds, cmd)
	cleanupMu.Unlock()

	started := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, failf("starting %s: %v", opts.pluginPath, err)
	}
	p := &launched{cmd: cmd, exited: make(chan error, 1)}
	lines := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		first := true
		for scanner.Scan() { // keep draining after the first line
			if first {
				lines <- scanner.Text()
				first = false
			}
		}
		close(lines)
		p.exited <- cmd.Wait()
	}()

	var line string
	select {
	case l, ok := <-lines:
		if !ok {
			return nil, failf("plugin exited before printing the handshake line: %v", <-p.exited)
		}
		line = l
	case <-time.After(opts.startTimeout):
		p.kill()
		return nil, failf("timeout while waiting for the handshake line")
	}
	p.startup = time.Since(started)
	if p.hs, err = parseHandshake(line); err != nil {
		p.kill()
		return nil, failf("%v (line: %q)", err, line)
	}
	return p, nil
}

// kill SIGKILLs the plugin, waits for it and removes its unix socket.
func (p *launched) kill() {
	p.cmd.Process.Kill()
	<-p.exited
	if p.hs != nil && p.hs.network == "unix" {
		os.Remove(p.hs.address)
	}
}

// runStartup launches the plugin opts.startupRuns times (sequentially) and
// reports the time from exec to the handshake line. Each run gets a fresh
// go-plugin client certificate, generated before the clock starts; the
// plugin is SIGKILLed after its handshake line.
func runStartup(opts *options, log *syncBuffer) error {
	var stderr io.Writer = log
	if opts.verbose {
		stderr = io.MultiWriter(log, os.Stderr)
	}
	var samples []time.Duration
	for i := 0; i < opts.startupRuns; i++ {
		certPEM, _, err := generateCert()
		if err != nil {
			return failf("generating the client certificate: %v", err)
		}
		p, err := launchPlugin(opts, certPEM, stderr)
		if err != nil {
			return err
		}
		p.kill()
		samples = append(samples, p.startup)
	}
	sorted := append([]time.Duration(nil), samples...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	var sum time.Duration
	for _, d := range sorted {
		sum += d
	}
	var all []string
	for _, d := range samples {
		all = append(all, fmt.Sprintf("%.1f", ms(d)))
	}
	fmt.Printf("startup runs: %d (exec to handshake line, AutoMTLS, protocols %v)\n", n, opts.protocols)
	fmt.Printf("startup ms: min %.1f median %.1f mean %.1f p90 %.1f max %.1f\n",
		ms(sorted[0]), ms(median), ms(sum/time.Duration(n)), ms(sorted[(9*n+9)/10-1]), ms(sorted[n-1]))
	fmt.Printf("startup samples ms: %s\n", strings.Join(all, " "))
	return nil
}
