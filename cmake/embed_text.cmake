# Writes OUTPUT, a C file defining SYMBOL (the bytes of FILE followed by a
# NUL) and SYMBOL_len (its size without the NUL). Run at build time.
file(READ "${FILE}" hex HEX)
file(SIZE "${FILE}" size)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
file(WRITE "${OUTPUT}.tmp"
  "/* Generated from ${NAME} by cmake/embed_text.cmake: do not edit. */\n"
  "#include <stddef.h>\n"
  "const unsigned char ${SYMBOL}[] = {${hex}0x00};\n"
  "const size_t ${SYMBOL}_len = ${size};\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
