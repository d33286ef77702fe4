package dev.photofeed.user;

import dev.photofeed.user.auth.SigningKeyRoll;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class UserServiceApplication {

    /** The service; or, with {@code signing-key publish|promote}, the next key file for a roll, and exit. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(SigningKeyRoll.COMMAND)) {
            System.exit(SigningKeyRoll.command(args));
        }
        SpringApplication.run(UserServiceApplication.class, args);
    }
}
