//! Is a physical keyboard attached? Decides whether the kiosk's on-screen keyboard
//! opens by itself when a visitor touches a text field.
//!
//! A web page cannot know this, so the shell reads Linux's input device list
//! (`/proc/bus/input/devices`). A keyboard is a device with a `kbd` handler that
//! reports key repeat (`EV_REP`): power and sleep buttons, lid switches and video
//! hot keys also have a `kbd` handler but never repeat keys.

use crate::config::OnScreenKeyboard;

const INPUT_DEVICES: &str = "/proc/bus/input/devices";
/// Bit of `EV_REP` in the `B: EV=` mask (linux/input-event-codes.h).
const EV_REP: u64 = 1 << 0x14;

/// Whether the on-screen keyboard should open by itself in this run.
pub fn auto_open(mode: OnScreenKeyboard) -> bool {
    match mode {
        OnScreenKeyboard::Always => true,
        OnScreenKeyboard::Never => false,
        OnScreenKeyboard::Auto => match std::fs::read_to_string(INPUT_DEVICES) {
            Ok(list) => !has_physical_keyboard(&list),
            Err(e) => {
                // Not Linux, or /proc hidden: assume a keyboard, the button still works.
                tracing::info!(error = %e, "input devices unknown; on-screen keyboard on demand");
                false
            }
        },
    }
}

/// Parses the blank-line separated blocks of `/proc/bus/input/devices`.
pub fn has_physical_keyboard(list: &str) -> bool {
    list.split("\n\n").any(|block| {
        let mut kbd = false;
        let mut repeats = false;
        for line in block.lines() {
            if let Some(handlers) = line.strip_prefix("H: Handlers=") {
                kbd = handlers.split_whitespace().any(|h| h == "kbd");
            } else if let Some(mask) = line.strip_prefix("B: EV=") {
                repeats = u64::from_str_radix(mask.trim(), 16).is_ok_and(|m| m & EV_REP != 0);
            }
        }
        kbd && repeats
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const POWER_BUTTON: &str = "I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name=\"Power Button\"
P: Phys=LNXPWRBN/button/input0
H: Handlers=kbd event0
B: PROP=0
B: EV=3
B: KEY=10000000000000 0
";

    const USB_KEYBOARD: &str = "I: Bus=0003 Vendor=046d Product=c31c Version=0110
N: Name=\"Logitech USB Keyboard\"
P: Phys=usb-0000:00:14.0-1/input0
H: Handlers=sysrq kbd leds event3
B: PROP=0
B: EV=120013
B: KEY=1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe
";

    const TOUCHSCREEN: &str = "I: Bus=0003 Vendor=222a Product=0001 Version=0110
N: Name=\"ILITEK Multi-Touch\"
H: Handlers=mouse0 event4
B: EV=1b
";

    #[test]
    fn buttons_and_touchscreens_are_not_keyboards() {
        let kiosk = [POWER_BUTTON, TOUCHSCREEN].join("\n");
        assert!(!has_physical_keyboard(&kiosk));
        assert!(!has_physical_keyboard(""));
    }

    #[test]
    fn a_usb_keyboard_is_found_among_other_devices() {
        let pc = [POWER_BUTTON, USB_KEYBOARD, TOUCHSCREEN].join("\n");
        assert!(has_physical_keyboard(&pc));
    }

    #[test]
    fn the_mode_overrides_detection() {
        assert!(auto_open(OnScreenKeyboard::Always));
        assert!(!auto_open(OnScreenKeyboard::Never));
    }
}
