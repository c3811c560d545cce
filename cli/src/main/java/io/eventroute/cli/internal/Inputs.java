package io.eventroute.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files named on the command line ({@code -} is standard input) with errors that name them. */
public final class Inputs {
    /** How standard input is named in messages and results. */
    public static final String STDIN = "-";

    private Inputs() {
    }

    /**
     * The whole content of {@code name}, or of {@code stdin} when the name is {@code -}.
     *
     * @throws UserException naming the file when it is missing, a directory or unreadable
     */
    public static byte[] readAll(String name, InputStream stdin) {
        try {
            if (name.equals(STDIN)) {
                return stdin.readAllBytes();
            }
            Path path = path(name);
            if (Files.isDirectory(path)) {
                throw new UserException(name + ": is a directory, not a file");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UserException(name + ": " + describe(e));
        }
    }

    /**
     * An open stream over {@code name}, or {@code stdin} when the name is {@code -}.
     *
     * @throws UserException naming the file when it is missing, a directory or unreadable
     */
    public static InputStream open(String name, InputStream stdin) {
        if (name.equals(STDIN)) {
            return stdin;
        }
        Path path = path(name);
        if (Files.isDirectory(path)) {
            throw new UserException(name + ": is a directory, not a file");
        }
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw new UserException(name + ": " + describe(e));
        }
    }

    private static Path path(String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new UserException(name + ": not a valid file name (" + e.getReason() + ")");
        }
    }

    /** Why reading failed, in a few words: "no such file", "permission denied", "cannot read (...)". */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return "cannot read (" + reason(e) + ")";
    }

    /**
     * What went wrong with a file, without the library's class names: the file system's reason
     * ("No space left on device", "Is a directory") rather than an exception's bare file name.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
