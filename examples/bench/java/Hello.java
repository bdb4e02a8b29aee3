/** The bare JVM start that W1 is compared with: load one class, print one line, exit. */
public final class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
