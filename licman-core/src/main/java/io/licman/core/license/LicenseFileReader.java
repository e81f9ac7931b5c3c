package io.licman.core.license;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads license files (format: {@code docs/license-format.md}).
 *
 * <p>Reading never throws for bad content: every problem is reported with its file, line and
 * field, and every well-formed block is still returned. Input is bounded: files over 16 MiB and
 * lines over 64 Ki characters are refused with a message, so no input can exhaust memory.
 */
public final class LicenseFileReader {

    private LicenseFileReader() {
    }

    /** Reads and parses a license file; an unreadable file is reported as a problem. */
    public static ParsedLicenseFile read(Path file) {
        String name = file.toString();
        try {
            long size = Files.size(file);
            if (size > LicenseFileFormat.MAX_FILE_BYTES) {
                return failed(name, String.format("the file is %.1f MiB; license files may be at most %d MiB",
                        size / 1048576.0, LicenseFileFormat.MAX_FILE_BYTES / 1048576));
            }
            return parse(Files.readAllBytes(file), name);
        } catch (NoSuchFileException e) {
            return failed(name, "no such file");
        } catch (IOException e) {
            return failed(name, "cannot read the file: " + e.getMessage());
        }
    }

    /** Parses license file content given as bytes, which must be UTF-8 text. */
    public static ParsedLicenseFile parse(byte[] content, String fileName) {
        if (content.length > LicenseFileFormat.MAX_FILE_BYTES) {
            return failed(fileName, String.format("the content is %.1f MiB; license files may be at most %d MiB",
                    content.length / 1048576.0, LicenseFileFormat.MAX_FILE_BYTES / 1048576));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return failed(fileName, "this is not a license file: it is not UTF-8 text (binary data?)");
        }
        if (text.indexOf('\0') >= 0) {
            return failed(fileName, "this is not a license file: it contains NUL bytes (binary data?)");
        }
        return parse(text, fileName);
    }

    /** Parses license file text. */
    public static ParsedLicenseFile parse(String text, String fileName) {
        return new Parse(fileName).run(text);
    }

    private static ParsedLicenseFile failed(String file, String message) {
        return new ParsedLicenseFile(List.of(), List.of(new LicenseProblem(new SourceLocation(file, 0), null, null, message)));
    }

    /** The state of one parse: the block being read and what was found so far. */
    private static final class Parse {
        private final String file;
        private final List<FeatureLicense> features = new ArrayList<>();
        private final List<LicenseProblem> problems = new ArrayList<>();
        private Block block;

        Parse(String file) {
            this.file = file;
        }

        ParsedLicenseFile run(String text) {
            int lineNumber = 0;
            int position = 0;
            int length = text.length();
            while (position < length) {
                int end = text.indexOf('\n', position);
                if (end < 0) {
                    end = length;
                }
                lineNumber++;
                int lineEnd = end > position && text.charAt(end - 1) == '\r' ? end - 1 : end;
                if (lineEnd - position > LicenseFileFormat.MAX_LINE_LENGTH) {
                    problem(lineNumber, null, "the line is " + (lineEnd - position) + " characters long; lines may be at most "
                            + LicenseFileFormat.MAX_LINE_LENGTH);
                } else {
                    line(text.substring(position, lineEnd), lineNumber);
                }
                position = end + 1;
            }
            if (block != null) {
                problem(block.line, null, "the block is not closed: expected '}' before the end of the file");
                block = null;
            }
            return new ParsedLicenseFile(features, problems);
        }

        private void line(String line, int number) {
            List<Token> tokens;
            try {
                tokens = Token.split(line);
            } catch (IllegalArgumentException e) {
                problem(number, null, e.getMessage());
                return;
            }
            if (tokens.isEmpty()) {
                return;
            }
            Token first = tokens.get(0);
            if (first.is("}")) {
                closeBlock(number, tokens);
            } else if (first.is(LicenseFileFormat.BLOCK_KEYWORD) && !first.quoted()
                    && (block == null || tokens.size() >= 2 && tokens.get(tokens.size() - 1).is("{"))) {
                openBlock(number, tokens);
            } else if (block == null) {
                problem(number, null, "expected 'feature NAME {' to start a block, found '" + first.text() + "'");
            } else {
                field(number, tokens);
            }
        }

        private void openBlock(int number, List<Token> tokens) {
            if (block != null) {
                problem(block.line, null, "the block is not closed: expected '}' before the next 'feature' on line " + number);
            }
            if (tokens.size() != 3 || !tokens.get(2).is("{") || tokens.get(1).quoted()) {
                problem(number, null, "expected 'feature NAME {'");
                block = new Block(number, null);
                block.broken = true;
                return;
            }
            String name = tokens.get(1).text();
            block = new Block(number, name);
            try {
                Names.requireFeatureName(name);
            } catch (IllegalArgumentException e) {
                problem(number, null, e.getMessage());
                block.broken = true;
            }
        }

        private void closeBlock(int number, List<Token> tokens) {
            if (block == null) {
                problem(number, null, "'}' without an open 'feature NAME {' block");
                return;
            }
            if (tokens.size() > 1) {
                problem(number, null, "nothing may follow '}' on its line");
                block.broken = true;
            }
            Block done = block;
            block = null;
            if (!done.broken) {
                FeatureLicense feature = done.build(this);
                if (feature != null) {
                    features.add(feature);
                }
            }
        }

        private void field(int number, List<Token> tokens) {
            Token key = tokens.get(0);
            List<Token> values = tokens.subList(1, tokens.size());
            if (!values.isEmpty() && values.get(0).is("=")) {
                values = values.subList(1, values.size());
            }
            String name = key.text();
            if (key.quoted() || !LicenseFields.isKnown(name)) {
                problem(number, name, "unknown field '" + name + "'; signed fields are " + String.join(", ", LicenseFileFormat.SIGNED_FIELDS)
                        + ", unsigned fields start with '_', and the block ends with 'signature'");
                block.broken = true;
                return;
            }
            if (values.isEmpty()) {
                problem(number, name, "the field has no value");
                block.broken = true;
                return;
            }
            for (Token value : values) {
                if (!value.quoted() && (value.is("{") || value.is("}"))) {
                    problem(number, name, "unexpected '" + value.text() + "': put each field and each '}' on its own line");
                    block.broken = true;
                    return;
                }
            }
            if (block.fields.containsKey(name)) {
                problem(number, name, "the field appears twice (first on line " + block.fields.get(name).line + ")");
                block.broken = true;
                return;
            }
            block.fields.put(name, new FieldValue(number, List.copyOf(values)));
        }


        void problem(int line, String field, String message) {
            problems.add(new LicenseProblem(new SourceLocation(file, line), block == null ? null : block.name, field, message));
        }

        void problem(Block b, int line, String field, String message) {
            problems.add(new LicenseProblem(new SourceLocation(file, line), b.name, field, message));
        }
    }

    private record FieldValue(int line, List<Token> words) {
    }

    /** One feature block while it is read. */
    private static final class Block {
        final int line;
        final String name;
        final Map<String, FieldValue> fields = new LinkedHashMap<>();
        boolean broken;

        Block(int line, String name) {
            this.line = line;
            this.name = name;
        }

        FeatureLicense build(Parse parse) {
            FeatureLicense.Builder b = FeatureLicense.builder("unset", name);
            boolean ok = true;
            for (String required : LicenseFields.REQUIRED) {
                if (!fields.containsKey(required)) {
                    parse.problem(this, line, required, "the required field is missing; expected " + LicenseFields.expectation(required));
                    ok = false;
                }
            }
            for (Map.Entry<String, FieldValue> e : fields.entrySet()) {
                FieldValue v = e.getValue();
                try {
                    LicenseFields.apply(b, e.getKey(), v.words.stream().map(Token::text).toList());
                } catch (IllegalArgumentException ex) {
                    parse.problem(this, v.line, e.getKey(), ex.getMessage());
                    ok = false;
                }
            }
            if (!ok) {
                return null;
            }
            b.source(new SourceLocation(parse.file, line));
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                parse.problem(this, line, null, e.getMessage());
                return null;
            }
        }
    }
}
