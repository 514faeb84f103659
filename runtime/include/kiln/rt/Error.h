//===- Error.h - runtime errors ---------------------------------*- C++ -*-===//
//
// The runtime reports bad input (a malformed .kbin, a wrong input tensor, an
// illegal instruction) by throwing kiln::rt::Error with a message that says
// what and where. Tools catch it at the top and exit non-zero. Code that is
// compiled without exceptions (the MLIR compiler) only calls the runtime
// through functions that catch internally and return a message.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_ERROR_H
#define KILN_RT_ERROR_H

#include <sstream>
#include <stdexcept>
#include <string>

namespace kiln::rt {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

/// Builds a message from streamable parts: fail("step ", i, ": bad shape").
template <typename... Parts> [[noreturn]] void fail(const Parts &...parts) {
  std::ostringstream os;
  (os << ... << parts);
  throw Error(os.str());
}

} // namespace kiln::rt

#endif // KILN_RT_ERROR_H
