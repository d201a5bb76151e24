// The line protocol every benchmark peer speaks (the JavaScript peers too, see peers/host.js):
// one JSON request per line on stdin, one JSON reply per line on stdout.
//
//   {"cmd":"setup","n":N,"d":D,"batch_size":B,"lr":LR,"w":[...],"b":B0,"noise":S,"seed":K}
//        -> {"ok":true,"setup_seconds":T}        generate the data and a fresh model (not timed)
//   {"cmd":"run","epochs":E}  -> {"seconds":T}    E training epochs, timed
//   {"cmd":"error"}           -> {"error_w":E1,"error_b":E2}   max |w - true w| and |b - true b|
//   {"cmd":"breakdown"}       -> {...}  optional: seconds of the parts of an epoch, when the peer
//                                       can time them apart ({} otherwise)
//   {"cmd":"quit"}
// Any failure replies {"fatal":"message"}.
#pragma once

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

namespace bench {

struct Case {
  std::int64_t n = 0, d = 0, batch_size = 0;
  double lr = 0, b = 0, noise = 0;
  std::vector<double> w;
  std::uint64_t seed = 0;
};

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Peer: setup(const Case&), run_epochs(int64), error() -> pair<double,double>,
// breakdown() -> nlohmann::json.
template <typename Peer>
int serve() {
  using nlohmann::json;
  Peer peer;
  std::string line;
  while (std::getline(std::cin, line)) {
    json reply;
    try {
      const json req = json::parse(line);
      const std::string cmd = req.at("cmd");
      if (cmd == "quit") break;
      if (cmd == "setup") {
        Case c;
        c.n = req.at("n");
        c.d = req.at("d");
        c.batch_size = req.at("batch_size");
        c.lr = req.at("lr");
        c.w = req.at("w").get<std::vector<double>>();
        c.b = req.at("b");
        c.noise = req.at("noise");
        c.seed = req.at("seed");
        const auto t0 = std::chrono::steady_clock::now();
        peer.setup(c);
        reply = {{"ok", true}, {"setup_seconds", seconds_since(t0)}};
      } else if (cmd == "run") {
        const std::int64_t epochs = req.at("epochs");
        const auto t0 = std::chrono::steady_clock::now();
        peer.run_epochs(epochs);
        reply = {{"seconds", seconds_since(t0)}};
      } else if (cmd == "error") {
        const auto [ew, eb] = peer.error();
        reply = {{"error_w", ew}, {"error_b", eb}};
      } else if (cmd == "breakdown") {
        reply = peer.breakdown();
      } else {
        reply = {{"fatal", "unknown command " + cmd}};
      }
    } catch (const std::exception& e) {
      reply = {{"fatal", e.what()}};
    }
    std::cout << reply.dump() << std::endl;
  }
  return 0;
}

}  // namespace bench
