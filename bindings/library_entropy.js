// Emscripten JS library: the core's getentropy() (src/cfsign/key.cpp, os_random). Replaces
// Emscripten 3.1.6's version, which calls crypto.getRandomValues once per byte. Fills the
// request in one call from Module.cfsignRandomFill when the entry provides one (Node: reads
// /dev/urandom; js/index.node.mjs), otherwise from crypto.getRandomValues. Returns -1 if
// the source fails; the core then reports SIGN_FAILED and never signs without randomness.
mergeInto(LibraryManager.library, {
  getentropy: function (buffer, size) {
    var view = HEAPU8.subarray(buffer, buffer + size);
    try {
      if (Module['cfsignRandomFill']) Module['cfsignRandomFill'](view);
      else crypto.getRandomValues(view);
    } catch (e) {
      return -1;
    }
    return 0;
  },
});
