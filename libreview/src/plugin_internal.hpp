#pragma once
// Translation of exceptions at the plugin boundary: whatever a plugin throws
// reaches the caller as a new core error naming the plugin; the plugin's own
// exception object never leaves this frame.

#include <exception>
#include <string>
#include <string_view>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"

namespace review {

/// `name: what` (`name：what` in Chinese), unless `what` already starts so (guards nest:
/// registry and pipeline).
inline std::string named(const std::string& name, const char* what) {
  const std::string w(what);
  const std::string prefix = name + (language() == Language::zh ? "：" : ": ");
  return w.rfind(prefix, 0) == 0 ? w : prefix + w;
}

template <class F>
auto plugin_guard(const std::string& name, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const ValidationError& e) {
    if (e.diagnostics().empty()) throw ValidationError(named(name, e.what()), e.message_code());
    throw ValidationError(e.diagnostics(), e.total());
  } catch (const Error& e) {
    // A libreview error keeps its class and its catalogue code (Error::message_code()).
    throw_error(e.code(), named(name, e.what()), e.message_code());
  } catch (const std::exception& e) {
    throw PluginError(named(name, e.what()));
  } catch (...) {
    refuse<PluginError>("LR-G134", name);
  }
}

}  // namespace review
