/**
 * English strings of nearby sync and invites, spread into the English catalogue (messages-en.ts).
 * nearby-messages-ru.ts implements the same keys (a missing one is a compile error).
 */
import { plural } from './plural.ts';

const articles = (n: number) => plural('en', n, { one: `${n} article`, other: `${n} articles` });

export const nearbyEn = {
  navNearby: 'Nearby',

  // Nearby sync
  nearbyHeading: 'Share with a device nearby',
  nearbyIntro: 'Two devices on the same Wi-Fi network or phone hotspot exchange the articles each lacks, directly, with no server and no internet. Everything received is checked against the publisher’s signatures before it is stored.',
  nearbyStart: 'Start on this device',
  nearbyJoin: 'Join another device',
  nearbyCameraNote: 'The app asks for the camera to read codes and so that the two devices can find each other on the network. Nothing is recorded.',
  nearbyInviteLink: 'Pass on the publisher’s list of mirrors instead: invite someone',
  nearbyOfferHeading: 'Step 1 of 2: show this code to the other device',
  nearbyOfferHelp: 'On the other device open Nearby, choose “Join another device” and scan this code (or copy the text and send it).',
  nearbyReadAnswer: 'Step 2 of 2: read the other device’s answer code',
  nearbyScanOffer: 'Read the code shown on the first device',
  nearbyAnswerHeading: 'Show this answer code to the first device',
  nearbyAnswerHelp: 'The first device reads it; the devices then connect by themselves.',
  nearbyPreparing: 'Preparing a connection…',
  nearbyConnecting: 'Connecting to the other device…',
  nearbyQrLabel: (what: string) => `QR code of the ${what}`,
  nearbyOfferWord: 'connection code',
  nearbyAnswerWord: 'answer code',
  nearbyCodeLabel: 'The same code as text',
  nearbyCopy: 'Copy code',
  nearbyCopied: 'Copied.',
  nearbySyncing: 'Exchanging articles…',
  nearbyProgress: (received: number, wanted: number, sent: number, requested: number) => `Received ${received} of ${wanted}, sent ${sent} of ${requested}`,
  nearbyBytes: (inBytes: string, outBytes: string) => `${inBytes} received, ${outBytes} sent`,
  nearbyCancel: 'Cancel',
  nearbyDoneHeading: 'Done',
  nearbyDone: (stored: number, sent: number) => `This device stored ${articles(stored)} it did not have, and sent ${articles(sent)}.`,
  nearbyMissing: (n: number) => `${articles(n)} the other device offered did not arrive.`,
  nearbyConflicts: (n: number) => `${articles(n)} differ between the devices at the same revision and were not taken.`,
  nearbyNothing: 'Both devices already had the same articles.',
  nearbyAgain: 'Share with another device',
  nearbyFailedHeading: 'The exchange stopped',
  nearbyTimeout: 'The devices could not reach each other. Both must be on the same Wi-Fi network or hotspot; public Wi-Fi networks often keep devices apart (“client isolation”): try a phone’s hotspot instead.',
  nearbyCancelled: 'Cancelled. Articles already received and checked stay stored.',
  nearbyDropped: (reason: string) => `The other device was disconnected: it ${reason}. Nothing it sent after that was stored.`,
  nearbyPeerEnded: (reason: string) => `The other device ended the exchange: ${reason}`,
  nearbyOtherPublisher: 'The other device holds news of another publisher. This app takes news of one publisher only.',
  nearbyBadCode: (reason: string) => `This code cannot be used: ${reason}`,
  nearbyClosed: 'The connection to the other device was lost. Articles already received and checked stay stored.',
  nearbyNoWebrtc: 'This browser cannot connect to another device directly.',

  // Code reader
  scanCamera: 'Scan with the camera',
  scanStop: 'Stop the camera',
  scanVideoLabel: 'Camera view for reading a QR code',
  scanPicture: 'Read a picture of the code',
  scanPaste: 'Or paste the code',
  scanUse: 'Use this code',
  scanNoCamera: 'The camera is not available. Paste the code or read a picture of it instead.',
  scanNotFound: 'No QR code was found in this picture.',
  scanLoading: 'Loading the code reader…',

  // Invites
  inviteHeading: 'Invite someone',
  inviteIntro: 'An invite carries this publisher’s signed list of mirrors, so that another reader’s app can reach the news even if the addresses it knew are blocked. The list travels in the part of the link after “#”, which browsers never send to any server.',
  inviteLinkLabel: 'Invite link',
  inviteCopy: 'Copy link',
  inviteShare: 'Share link',
  inviteQrLabel: 'QR code of the invite link',
  inviteTooBig: 'The list is too long for one QR code; pass the link instead.',
  inviteNone: 'This device has no signed mirror list to pass on yet. Sync from a mirror (or open an invite) first.',
  inviteMirrors: (n: number) => (n === 1 ? 'It lists 1 mirror.' : `It lists ${n} mirrors.`),
  inviteOpenHeading: 'Invite',
  inviteChecking: 'Checking the invite…',
  inviteAdded: (n: number) => `Added: the publisher’s signed list of ${n === 1 ? '1 mirror' : `${n} mirrors`} is now used.`,
  inviteSame: 'Nothing changed: this device already uses this list of mirrors.',
  inviteOlder: 'Nothing changed: this invite carries an older list of mirrors than the one this device has.',
  inviteForeign: 'Nothing changed: this invite is from another publisher.',
  inviteForged: 'Nothing changed: this invite is not signed by this publisher’s keys (it was altered or forged).',
  inviteDamaged: 'Nothing changed: this invite is damaged or cut short. Ask for the whole link again.',
  inviteFailed: (reason: string) => `Nothing changed: ${reason}`,
  inviteScan: 'Open an invite from a QR code',
};
