// Loads a generated application.properties with java.util.Properties (what Spring Boot's
// properties loader builds on) and prints it as a JSON object for the test to check.
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

public class CheckProperties {
    public static void main(String[] arguments) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(new FileInputStream(arguments[0]), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        StringBuilder json = new StringBuilder("{");
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (json.length() > 1) json.append(',');
            json.append(quote(key)).append(':').append(quote(properties.getProperty(key)));
        }
        System.out.println(json.append('}'));
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') quoted.append('\\').append(c);
            else if (c < 0x20) quoted.append(String.format("\\u%04x", (int) c));
            else quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
