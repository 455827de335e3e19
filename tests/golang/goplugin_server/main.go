// Command goplugin-server is a minimal Terraform-style provider plugin built
// on HashiCorp's go-plugin (Debian's v1.0.1, the version Terraform 0.12.0
// used). It is the Go reference for two things:
//
//   - start-up time: exec to handshake line of a real go-plugin server
//     (P-521 AutoMTLS certificate, unix socket, gRPC server) for the
//     handshake benchmark;
//   - a known-good server for goplugin-client, so the client is validated
//     against HashiCorp's own server before it is pointed at ours.
//
// It serves protocol 6 (tfplugin6.Provider) and protocol 5
// (tfplugin5.Provider) through go-plugin's VersionedPlugins; go-plugin adds
// grpc.health.v1.Health ("plugin" = SERVING), plugin.GRPCBroker and
// plugin.GRPCController. The provider service implements only
// GetProviderSchema / GetSchema, answering with a canned response (an empty
// provider schema); every other method is Unimplemented.
//
// Run it the way Terraform does (it refuses to run without the magic cookie):
//
//	TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2 \
//	PLUGIN_PROTOCOL_VERSIONS=5,6 ./goplugin-server
package main

import (
	"context"
	"os"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
)

const (
	magicCookieKey   = "TF_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"

	// Same limits as terraform-plugin-go's server.
	maxMessageSize = 256 << 20
)

// schemaResponse is a GetProviderSchema.Response (identical field numbers in
// tfplugin5 and tfplugin6) holding `provider = Schema{}`: field 1, length 0.
var schemaResponse = []byte{0x0a, 0x00}

// rawMessage carries an already-encoded protobuf message. grpc-go's default
// codec uses the proto.Marshaler/Unmarshaler methods when a message has them,
// so no generated tfplugin code is needed.
type rawMessage struct{ data []byte }

func (m *rawMessage) Reset()                   { m.data = nil }
func (m *rawMessage) String() string           { return "rawMessage" }
func (m *rawMessage) ProtoMessage()            {}
func (m *rawMessage) Marshal() ([]byte, error) { return m.data, nil }
func (m *rawMessage) Unmarshal(b []byte) error {
	m.data = append([]byte(nil), b...)
	return nil
}

// providerService is the handler type of the hand-written service
// descriptions below; it has no state.
type providerService interface{}

type providerImpl struct{}

func schemaHandler(_ interface{}, _ context.Context, dec func(interface{}) error,
	_ grpc.UnaryServerInterceptor) (interface{}, error) {
	var req rawMessage
	if err := dec(&req); err != nil {
		return nil, err
	}
	return &rawMessage{data: schemaResponse}, nil
}

func serviceDesc(service, schemaMethod string) *grpc.ServiceDesc {
	return &grpc.ServiceDesc{
		ServiceName: service,
		HandlerType: (*providerService)(nil),
		Methods: []grpc.MethodDesc{
			{MethodName: schemaMethod, Handler: schemaHandler},
		},
		Streams:  []grpc.StreamDesc{},
		Metadata: service + ".proto",
	}
}

// providerPlugin is the go-plugin "provider" plugin for one protocol version.
type providerPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	desc *grpc.ServiceDesc
}

func (p *providerPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	s.RegisterService(p.desc, providerImpl{})
	return nil
}

func (p *providerPlugin) GRPCClient(context.Context, *plugin.GRPCBroker, *grpc.ClientConn) (interface{}, error) {
	return nil, nil // server only
}

func main() {
	level := hclog.Info
	if os.Getenv("GOPLUGIN_SERVER_TRACE") != "" {
		level = hclog.Trace
	}
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			MagicCookieKey:   magicCookieKey,
			MagicCookieValue: magicCookieValue,
		},
		VersionedPlugins: map[int]plugin.PluginSet{
			5: {"provider": &providerPlugin{desc: serviceDesc("tfplugin5.Provider", "GetSchema")}},
			6: {"provider": &providerPlugin{desc: serviceDesc("tfplugin6.Provider", "GetProviderSchema")}},
		},
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			opts = append(opts, grpc.MaxRecvMsgSize(maxMessageSize), grpc.MaxSendMsgSize(maxMessageSize))
			return grpc.NewServer(opts...)
		},
		Logger: hclog.New(&hclog.LoggerOptions{
			Name:       "goplugin-server",
			Level:      level,
			Output:     os.Stderr,
			JSONFormat: true,
		}),
	})
}
